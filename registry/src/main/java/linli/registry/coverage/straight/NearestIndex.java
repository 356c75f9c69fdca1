package linli.registry.coverage.straight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Points (facilities) in a lon/lat grid for the nearest-point question, with their ECEF positions
 * stored cell by cell so a search reads memory in order. A search looks at the rings of cells
 * around the place, nearest first, and stops when no unread cell can hold a point closer on the
 * ground than the best found; the ring bound is conservative (a degree of latitude is at least
 * 110,574 m, of longitude at least its length one degree poleward of both the place and every
 * point, less 1 %), as {@code network.PointGrid}'s.
 */
public final class NearestIndex {
  private static final double METRES_PER_DEGREE_LAT_MIN = 110_574;
  /** About two points per cell on average: fewer cells cost ring steps, more cost empty reads. */
  private static final double POINTS_PER_CELL = 2;

  private final int size;
  private final double minLon;
  private final double minLat;
  private final double cellLon;
  private final double cellLat;
  private final int nx;
  private final int ny;
  private final int[] cellStart; // points of cell k: [cellStart[k], cellStart[k + 1])
  private final int[] original; // the caller's index of each stored point
  private final double[] lon;
  private final double[] lat;
  private final double[] xyz;
  private final double maxAbsLat;

  /** The points {@code i} of {@code lons}/{@code lats} for which {@code include} holds. */
  public NearestIndex(double[] lons, double[] lats, IntPredicate include) {
    int n = 0;
    double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY, polar = 0;
    for (int i = 0; i < lons.length; i++) {
      if (include.test(i)) {
        n++;
        x0 = Math.min(x0, lons[i]);
        x1 = Math.max(x1, lons[i]);
        y0 = Math.min(y0, lats[i]);
        y1 = Math.max(y1, lats[i]);
        polar = Math.max(polar, Math.abs(lats[i]));
      }
    }
    size = n;
    maxAbsLat = polar;
    if (n == 0) {
      x0 = x1 = y0 = y1 = 0;
    }
    double lonMetres = Math.max(1, metresPerDegreeLon((y0 + y1) / 2));
    double area = Math.max(1, (x1 - x0) * lonMetres) * Math.max(1, (y1 - y0) * METRES_PER_DEGREE_LAT_MIN);
    double cellMetres = Math.sqrt(area * POINTS_PER_CELL / Math.max(1, n));
    // Points along a line make a long thin box: widen the cells until there are not many more than points.
    while ((Math.floor((x1 - x0) * lonMetres / cellMetres) + 1) * (Math.floor((y1 - y0) * METRES_PER_DEGREE_LAT_MIN
        / cellMetres) + 1) > 4.0 * n + 16) {
      cellMetres *= 1.5;
    }
    minLon = x0;
    minLat = y0;
    cellLat = cellMetres / METRES_PER_DEGREE_LAT_MIN;
    cellLon = cellMetres / lonMetres;
    nx = (int) Math.floor((x1 - x0) / cellLon) + 1;
    ny = (int) Math.floor((y1 - y0) / cellLat) + 1;
    cellStart = new int[nx * ny + 1];
    int[] cellOf = new int[lons.length];
    for (int i = 0; i < lons.length; i++) {
      if (include.test(i)) {
        cellOf[i] = cell(column(lons[i]), row(lats[i]));
        cellStart[cellOf[i] + 1]++;
      }
    }
    for (int k = 0; k < nx * ny; k++) {
      cellStart[k + 1] += cellStart[k];
    }
    int[] next = Arrays.copyOf(cellStart, cellStart.length - 1);
    original = new int[n];
    lon = new double[n];
    lat = new double[n];
    xyz = new double[3 * n];
    for (int i = 0; i < lons.length; i++) {
      if (include.test(i)) {
        int at = next[cellOf[i]]++;
        original[at] = i;
        lon[at] = lons[i];
        lat[at] = lats[i];
        PostgisGeodesic.ecef(lons[i], lats[i], xyz, 3 * at);
      }
    }
  }

  public int size() {
    return size;
  }

  private int column(double x) {
    return (int) Math.max(-1, Math.min(nx, Math.floor((x - minLon) / cellLon)));
  }

  private int row(double y) {
    return (int) Math.max(-1, Math.min(ny, Math.floor((y - minLat) / cellLat)));
  }

  private int cell(int column, int row) {
    return Math.min(ny - 1, Math.max(0, row)) * nx + Math.min(nx - 1, Math.max(0, column));
  }

  /** Metres per degree of longitude at a latitude on the ellipsoid (N cos phi). */
  static double metresPerDegreeLon(double lat) {
    double phi = Math.toRadians(lat);
    double s = Math.sin(phi);
    return Math.toRadians(PostgisGeodesic.A / Math.sqrt(1 - PostgisGeodesic.E2 * s * s) * Math.cos(phi));
  }

  /** How far on the ground a ring of cells around a place at {@code placeLat} reaches at least. */
  private double ringMetres(double placeLat) {
    return Math.min(cellLat * METRES_PER_DEGREE_LAT_MIN,
        cellLon * metresPerDegreeLon(Math.min(89, Math.max(maxAbsLat, Math.abs(placeLat)) + 1)) * 0.99);
  }

  /** {@link Search#within}'s answer. */
  public enum Reach { WITHIN, BEYOND, UNSURE }

  /** A search over this index; holds scratch arrays, so one per thread. */
  public Search search() {
    return new Search();
  }

  /** Finds the nearest point to places, one at a time. */
  public final class Search {
    private int[] found = new int[64];
    private double[] chords = new double[64];
    private double[] measured = new double[64];
    private int count;
    private double bestUpper;
    private double bestChord;
    private IntPredicate skip;

    /**
     * The distance from the place to the nearest point not skipped ({@code skip} gets the caller's
     * index; null skips none), as PostGIS's ST_Distance gives it when {@code exact}, else possibly
     * only bounded: see {@link Nearest}. NaN in {@link Nearest#lo()} when there is no point.
     */
    public Nearest nearest(double placeLon, double placeLat, double[] place, IntPredicate skip, boolean exact) {
      this.skip = skip;
      count = 0;
      bestUpper = Double.POSITIVE_INFINITY;
      bestChord = Double.POSITIVE_INFINITY;
      if (size == 0) {
        return Nearest.NONE;
      }
      double ring = ringMetres(placeLat);
      int cx = (int) Math.floor((placeLon - minLon) / cellLon);
      int cy = (int) Math.floor((placeLat - minLat) / cellLat);
      for (int r = 0; ; r++) {
        int x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
        scanRow(y0, x0, x1, place);
        if (r > 0) {
          scanRow(y1, x0, x1, place);
          for (int y = Math.max(y0 + 1, 0); y <= Math.min(y1 - 1, ny - 1); y++) {
            scanRow(y, x0, x0, place);
            scanRow(y, x1, x1, place);
          }
        }
        if ((x0 <= 0 && y0 <= 0 && x1 >= nx - 1 && y1 >= ny - 1)
            || r * ring > bestUpper + PostgisGeodesic.SLACK) {
          break;
        }
      }
      if (count == 0) {
        return Nearest.NONE;
      }
      double lo = bestChord;
      double hi = bestUpper;
      if (!exact) {
        return new Nearest(lo, hi, -1);
      }
      return exactly(placeLon, placeLat);
    }

    /** The exact distance from the same place: every candidate the bounds could not rule out, measured. */
    private Nearest exactly(double placeLon, double placeLat) {
      double best = Double.POSITIVE_INFINITY;
      int which = -1;
      if (measured.length < count) {
        measured = new double[chords.length];
      }
      for (int k = 0; k < count; k++) {
        measured[k] = Double.POSITIVE_INFINITY;
        if (chords[k] <= bestUpper + PostgisGeodesic.SLACK) {
          int i = found[k];
          double d = PostgisGeodesic.distance(lon[i], lat[i], placeLon, placeLat); // facility first, as the SQL
          measured[k] = d;
          if (d < best) {
            best = d;
            which = original[i];
          }
        }
      }
      return new Nearest(best, best, which);
    }

    /**
     * After an exact answer: the points (lon/lat) measured within {@code margin} of the nearest, any
     * of which PostGIS, whose arithmetic may differ from this in the last nanometres, could call nearest.
     */
    public List<double[]> nearlyNearest(double margin) {
      double best = Double.POSITIVE_INFINITY;
      for (int k = 0; k < count; k++) {
        best = Math.min(best, measured[k]);
      }
      List<double[]> out = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        if (measured[k] <= best + margin) {
          out.add(new double[] {lon[found[k]], lat[found[k]]});
        }
      }
      return out;
    }

    /**
     * Whether some point lies within {@code limit} metres of the place on the ground, as PostGIS's
     * ST_Distance would tell: {@link Reach#WITHIN} or {@link Reach#BEYOND}, or {@link Reach#UNSURE} when a point's
     * exact distance lies within {@link PostgisGeodesic#DISAGREEMENT} of the limit and none is surely
     * within (then {@link #atTheLimit} lists those points for PostGIS to measure). Only covered
     * matters to a life circle: the search stops at the first point surely within (the chord's bound
     * settles most, no exact distance needed) and reads no cell beyond the limit, where
     * {@link #nearest} would go on to the nearest point.
     */
    public Reach within(double placeLon, double placeLat, double[] place, double limit) {
      count = 0;
      if (size == 0) {
        return Reach.BEYOND;
      }
      double ring = ringMetres(placeLat);
      int cx = (int) Math.floor((placeLon - minLon) / cellLon);
      int cy = (int) Math.floor((placeLat - minLat) / cellLat);
      for (int r = 0; ; r++) {
        int x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
        if (rowWithin(y0, x0, x1, place, limit)) {
          return Reach.WITHIN;
        }
        if (r > 0) {
          if (rowWithin(y1, x0, x1, place, limit)) {
            return Reach.WITHIN;
          }
          for (int y = Math.max(y0 + 1, 0); y <= Math.min(y1 - 1, ny - 1); y++) {
            if (rowWithin(y, x0, x0, place, limit) || rowWithin(y, x1, x1, place, limit)) {
              return Reach.WITHIN;
            }
          }
        }
        if ((x0 <= 0 && y0 <= 0 && x1 >= nx - 1 && y1 >= ny - 1) || r * ring > limit + PostgisGeodesic.SLACK) {
          break;
        }
      }
      // The points the chord bounds could not settle, measured: one surely within settles it.
      boolean unsure = false;
      for (int k = 0; k < count; k++) {
        int i = found[k];
        double d = PostgisGeodesic.distance(lon[i], lat[i], placeLon, placeLat); // facility first, as the SQL
        measured[k] = d;
        if (d < limit - PostgisGeodesic.DISAGREEMENT) {
          return Reach.WITHIN;
        }
        unsure |= Math.abs(d - limit) <= PostgisGeodesic.DISAGREEMENT;
      }
      return unsure ? Reach.UNSURE : Reach.BEYOND;
    }

    /** After {@link #within} answered {@link Reach#UNSURE}: the points (lon/lat) whose distance is about the limit. */
    public List<double[]> atTheLimit(double limit) {
      List<double[]> out = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        if (Math.abs(measured[k] - limit) <= PostgisGeodesic.DISAGREEMENT) {
          out.add(new double[] {lon[found[k]], lat[found[k]]});
        }
      }
      return out;
    }

    /** Scans a row of cells for {@link #within}: true at a point surely within; keeps those the bounds cannot settle. */
    private boolean rowWithin(int y, int xa, int xb, double[] place, double limit) {
      if (y < 0 || y >= ny) {
        return false;
      }
      xa = Math.max(xa, 0);
      xb = Math.min(xb, nx - 1);
      if (xa > xb) {
        return false;
      }
      int end = cellStart[y * nx + xb + 1];
      for (int i = cellStart[y * nx + xa]; i < end; i++) {
        double dx = xyz[3 * i] - place[0];
        double dy = xyz[3 * i + 1] - place[1];
        double dz = xyz[3 * i + 2] - place[2];
        double chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (chord - PostgisGeodesic.SLACK > limit) {
          continue; // surely beyond
        }
        if (PostgisGeodesic.upperBound(chord) + PostgisGeodesic.SLACK <= limit) {
          return true;
        }
        if (count == found.length) {
          found = Arrays.copyOf(found, 2 * count);
          chords = Arrays.copyOf(chords, 2 * count);
        }
        if (measured.length < found.length) {
          measured = new double[found.length];
        }
        found[count] = i;
        chords[count++] = chord;
      }
      return false;
    }

    /** As {@link #nearest} was last asked, now exactly. */
    public Nearest exactAgain(double placeLon, double placeLat) {
      return exactly(placeLon, placeLat);
    }

    private void scanRow(int y, int xa, int xb, double[] place) {
      if (y < 0 || y >= ny) {
        return;
      }
      xa = Math.max(xa, 0);
      xb = Math.min(xb, nx - 1);
      if (xa > xb) {
        return;
      }
      int end = cellStart[y * nx + xb + 1];
      for (int i = cellStart[y * nx + xa]; i < end; i++) {
        if (skip != null && skip.test(original[i])) {
          continue;
        }
        double dx = xyz[3 * i] - place[0];
        double dy = xyz[3 * i + 1] - place[1];
        double dz = xyz[3 * i + 2] - place[2];
        double chord = Math.sqrt(dx * dx + dy * dy + dz * dz);
        if (chord > bestUpper + PostgisGeodesic.SLACK) {
          continue; // can never be the nearest
        }
        if (count == found.length) {
          found = Arrays.copyOf(found, 2 * count);
          chords = Arrays.copyOf(chords, 2 * count);
        }
        found[count] = i;
        chords[count++] = chord;
        bestChord = Math.min(bestChord, chord);
        bestUpper = Math.min(bestUpper, PostgisGeodesic.upperBound(chord));
      }
    }
  }

  /**
   * The nearest distance: exactly {@code lo == hi} when measured (then {@code index} is the caller's
   * index of the point), else the ground distance lies in [lo - SLACK, hi + SLACK] as PostGIS
   * would compute it. NaN when there is no point.
   */
  public record Nearest(double lo, double hi, int index) {
    static final Nearest NONE = new Nearest(Double.NaN, Double.NaN, -1);

    public boolean none() {
      return Double.isNaN(lo);
    }
  }
}
