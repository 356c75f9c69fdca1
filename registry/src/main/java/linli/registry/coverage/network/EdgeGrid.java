package linli.registry.coverage.network;

/**
 * Uniform lon/lat grid over the edges, used to find the edge nearest a point. Chosen over an STRtree
 * because it lives in two int arrays (no Envelope/node objects for 300k edges) and a lookup touches a
 * handful of cells. Each edge is listed in every cell its bounding box overlaps, so an edge that comes
 * within r of a point is always listed in one of the cells covering the point's r-box.
 */
final class EdgeGrid {
  private final double[] lon;
  private final double[] lat;
  private final int[] from;
  private final int[] to;
  private final double minLon;
  private final double minLat;
  private final double cellLon;
  private final double cellLat;
  private final double cellMetres;
  private final int nx;
  private final int ny;
  private final int[] cellStart;
  private final int[] cellEdges;

  EdgeGrid(double[] lon, double[] lat, int[] from, int[] to, int edgeCount) {
    this.lon = lon;
    this.lat = lat;
    this.from = from;
    this.to = to;
    double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
    for (int e = 0; e < edgeCount; e++) {
      int u = from[e], v = to[e];
      x0 = Math.min(x0, Math.min(lon[u], lon[v]));
      x1 = Math.max(x1, Math.max(lon[u], lon[v]));
      y0 = Math.min(y0, Math.min(lat[u], lat[v]));
      y1 = Math.max(y1, Math.max(lat[u], lat[v]));
    }
    if (edgeCount == 0) {
      x0 = x1 = y0 = y1 = 0;
    }
    double midLat = (y0 + y1) / 2;
    double kx = Geodesy.metresPerDegreeLon(midLat);
    double ky = Geodesy.metresPerDegreeLat(midLat);
    // About one edge per cell on average; at least 10 m so dense clusters do not explode the grid, and
    // at most 4096 cells a side so a sparse region-wide network stays small.
    double area = Math.max((x1 - x0) * kx, 1) * Math.max((y1 - y0) * ky, 1);
    double size = Math.max(Math.sqrt(area / Math.max(edgeCount, 1)), 10);
    size = Math.max(size, Math.max((x1 - x0) * kx, (y1 - y0) * ky) / 4096);
    this.cellMetres = size;
    this.minLon = x0;
    this.minLat = y0;
    this.cellLon = size / kx;
    this.cellLat = size / ky;
    this.nx = (int) ((x1 - x0) / cellLon) + 1;
    this.ny = (int) ((y1 - y0) / cellLat) + 1;

    // Counting sort into compressed rows: count, prefix-sum, fill.
    int[] start = new int[nx * ny + 1];
    for (int e = 0; e < edgeCount; e++) {
      forCells(e, (cell) -> start[cell + 1]++);
    }
    for (int c = 0; c < nx * ny; c++) {
      start[c + 1] += start[c];
    }
    int[] fill = start.clone();
    int[] list = new int[start[nx * ny]];
    for (int e = 0; e < edgeCount; e++) {
      final int edge = e;
      forCells(e, (cell) -> list[fill[cell]++] = edge);
    }
    this.cellStart = start;
    this.cellEdges = list;
  }

  private interface CellVisitor {
    void visit(int cell);
  }

  private void forCells(int e, CellVisitor visitor) {
    int ix0 = cellX(Math.min(lon[from[e]], lon[to[e]]));
    int ix1 = cellX(Math.max(lon[from[e]], lon[to[e]]));
    int iy0 = cellY(Math.min(lat[from[e]], lat[to[e]]));
    int iy1 = cellY(Math.max(lat[from[e]], lat[to[e]]));
    for (int iy = iy0; iy <= iy1; iy++) {
      for (int ix = ix0; ix <= ix1; ix++) {
        visitor.visit(iy * nx + ix);
      }
    }
  }

  private int cellX(double x) {
    return Math.max(0, Math.min(nx - 1, (int) Math.floor((x - minLon) / cellLon)));
  }

  private int cellY(double y) {
    return Math.max(0, Math.min(ny - 1, (int) Math.floor((y - minLat) / cellLat)));
  }

  /**
   * The edge nearest (lon0, lat0) in the local frame x = (lon - lon0) kx, y = (lat - lat0) ky, if its
   * distance in that frame is at most maxRadius; -1 otherwise. On success out[0] = parameter t (0..1)
   * of the nearest point along the edge from its first node. The search box starts at one cell and
   * grows 4x, stopping as soon as the best edge found is inside the box's inscribed circle (no edge
   * outside the box can then be nearer). Ties go to the lower edge index, so results are deterministic.
   */
  int nearest(double lon0, double lat0, double kx, double ky, double maxRadius, double[] out) {
    if (cellEdges.length == 0) {
      return -1;
    }
    double r = Math.min(cellMetres, maxRadius);
    while (true) {
      double dLon = r / kx;
      double dLat = r / ky;
      int best = -1;
      double bestD2 = Double.POSITIVE_INFINITY;
      double bestT = 0;
      boolean touches = lon0 + dLon >= minLon && lon0 - dLon <= minLon + nx * cellLon
          && lat0 + dLat >= minLat && lat0 - dLat <= minLat + ny * cellLat;
      int ix0 = cellX(lon0 - dLon), ix1 = cellX(lon0 + dLon);
      int iy0 = cellY(lat0 - dLat), iy1 = cellY(lat0 + dLat);
      for (int iy = iy0; touches && iy <= iy1; iy++) {
        for (int c = iy * nx + ix0, cEnd = iy * nx + ix1; c <= cEnd; c++) {
          for (int k = cellStart[c], kEnd = cellStart[c + 1]; k < kEnd; k++) {
            int e = cellEdges[k];
            // Segment A->B with the point at the origin of the local frame.
            double ax = (lon[from[e]] - lon0) * kx, ay = (lat[from[e]] - lat0) * ky;
            double bx = (lon[to[e]] - lon0) * kx, by = (lat[to[e]] - lat0) * ky;
            double dx = bx - ax, dy = by - ay;
            double t = -(ax * dx + ay * dy) / (dx * dx + dy * dy);
            t = t <= 0 ? 0 : t >= 1 ? 1 : t;
            double px = ax + t * dx, py = ay + t * dy;
            double d2 = px * px + py * py;
            if (d2 < bestD2 || (d2 == bestD2 && e < best)) {
              bestD2 = d2;
              best = e;
              bestT = t;
            }
          }
        }
      }
      // Once the box spans the whole grid every edge has been seen, so the best is final.
      boolean coversAll = touches && ix0 == 0 && iy0 == 0 && ix1 == nx - 1 && iy1 == ny - 1;
      double limit = coversAll ? maxRadius : r;
      if (best >= 0 && bestD2 <= limit * limit) {
        out[0] = bestT;
        return best;
      }
      if (r >= maxRadius || coversAll) {
        return -1;
      }
      r = Math.min(r * 4, maxRadius);
    }
  }
}
