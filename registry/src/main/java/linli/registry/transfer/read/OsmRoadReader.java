package linli.registry.transfer.read;

import crosby.binary.BinaryParser;
import crosby.binary.Osmformat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import linli.registry.Violation;
import linli.registry.transfer.ImportReport;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * The walkable ways ({@link OsmWalkability}) of an OpenStreetMap .osm.pbf file as roads: one record
 * per way, its OSM id as the row, with {@code highway} and {@code walkable=true}. Its geometry is
 * the way cut at every node it shares with another walkable way, so that junctions are segment
 * ends (a MultiLineString when it was cut); positions are OSM's WGS84 degrees at 1e-7.
 *
 * <p>The file is read twice: the ways first, keeping the walkable ones with their node ids, then
 * the nodes, keeping only the positions those ways need. Memory grows with the walkable ways (some
 * 30 bytes per node reference), not with the file. A way with a node the file lacks (an extract cut
 * at its edge) is left out and named in {@link #skipped()}, not rejected.
 */
public final class OsmRoadReader implements RecordReader {
  private static final Set<String> TAGS = Set.of("highway", "foot", "access", "area");
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  private record Way(long id, String highway, long[] nodes) {}

  private final Path file;
  private List<Way> ways;
  /** The nodes the walkable ways use, sorted; their positions (1e-7 degrees) and uses by index. */
  private long[] nodeIds;
  private int[] lonE7;
  private int[] latE7;
  private BitSet located;
  private int[] uses;
  private int cursor;
  private final List<Violation> skipped = new ArrayList<>();
  private long skippedCount;

  OsmRoadReader(Path file) {
    this.file = file;
  }

  @Override
  public Optional<SourceRecord> next() throws IOException {
    if (ways == null) {
      load();
    }
    while (cursor < ways.size()) {
      Way way = ways.get(cursor++);
      int missing = missingNodes(way);
      if (missing > 0) {
        skip(way, "nodes", missing + " of its " + way.nodes().length + " nodes are not in the file"
            + " (an extract cut off at its edge?)");
        continue;
      }
      Geometry segments = segments(way);
      if (segments == null) {
        skip(way, "geometry", "its nodes all lie on one point");
        continue;
      }
      return Optional.of(new SourceRecord(way.id(), Map.of("highway", way.highway(), "walkable", "true"), segments,
          List.of()));
    }
    return Optional.empty();
  }

  /** OpenStreetMap's positions are WGS84. */
  @Override
  public String declaredCrs() {
    return "EPSG:4326";
  }

  @Override
  public List<Violation> skipped() {
    return skipped;
  }

  @Override
  public long skippedCount() {
    return skippedCount;
  }

  @Override
  public void close() {
    ways = List.of();
  }

  private void skip(Way way, String field, String why) {
    skippedCount++;
    if (skipped.size() < ImportReport.MAX_ERRORS) {
      skipped.add(new Violation(way.id(), field, "way " + way.id() + " (highway=" + way.highway() + ") left out: "
          + why));
    }
  }

  private void load() throws IOException {
    WayPass wayPass = new WayPass();
    PbfBlocks.parse(file, wayPass);
    ways = wayPass.ways;
    long[] all = Arrays.copyOf(wayPass.refs, wayPass.refCount);
    Arrays.sort(all);
    int distinct = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[i - 1]) {
        all[distinct++] = all[i];
      }
    }
    nodeIds = Arrays.copyOf(all, distinct);
    lonE7 = new int[distinct];
    latE7 = new int[distinct];
    located = new BitSet(distinct);
    PbfBlocks.parse(file, new NodePass());
    // Junctions are counted over the complete ways only: a way left out joins nothing.
    uses = new int[distinct];
    for (Way way : ways) {
      if (missingNodes(way) == 0) {
        long[] nodes = way.nodes();
        boolean closed = nodes.length > 1 && nodes[0] == nodes[nodes.length - 1];
        for (int i = 0; i < nodes.length - (closed ? 1 : 0); i++) {
          uses[index(nodes[i])]++;
        }
      }
    }
  }

  private int index(long node) {
    return Arrays.binarySearch(nodeIds, node);
  }

  private int missingNodes(Way way) {
    int missing = 0;
    for (long node : way.nodes()) {
      if (!located.get(index(node))) {
        missing++;
      }
    }
    return missing;
  }

  /** The way cut at its inner nodes that other ways (or its own other passes) share; null when of no length. */
  private Geometry segments(Way way) {
    long[] nodes = way.nodes();
    List<LineString> lines = new ArrayList<>();
    List<Coordinate> line = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      int n = index(nodes[i]);
      Coordinate c = new Coordinate(lonE7[n] / 1e7, latE7[n] / 1e7);
      if (line.isEmpty() || !line.get(line.size() - 1).equals2D(c)) {
        line.add(c); // a node repeated, or two nodes at one position, would make an edge of no length
      }
      if (i > 0 && i < nodes.length - 1 && uses[n] >= 2) {
        if (line.size() >= 2) {
          lines.add(GEOMETRY.createLineString(line.toArray(Coordinate[]::new)));
        }
        line = new ArrayList<>(List.of(c));
      }
    }
    if (line.size() >= 2) {
      lines.add(GEOMETRY.createLineString(line.toArray(Coordinate[]::new)));
    }
    return switch (lines.size()) {
      case 0 -> null;
      case 1 -> lines.get(0);
      default -> GEOMETRY.createMultiLineString(lines.toArray(LineString[]::new));
    };
  }

  /** The first pass: the walkable ways and every node id they use. */
  private static final class WayPass extends Parser {
    final List<Way> ways = new ArrayList<>();
    final Map<String, String> highways = new HashMap<>();
    long[] refs = new long[1 << 16];
    int refCount;

    @Override
    protected void parseWays(List<Osmformat.Way> list) {
      for (Osmformat.Way w : list) {
        Map<String, String> tags = new HashMap<>(8);
        for (int i = 0; i < w.getKeysCount(); i++) {
          String key = getStringById(w.getKeys(i));
          if (TAGS.contains(key)) {
            tags.put(key, getStringById(w.getVals(i)));
          }
        }
        if (!OsmWalkability.walkable(tags)) {
          continue;
        }
        long[] nodes = new long[w.getRefsCount()];
        long node = 0;
        for (int i = 0; i < nodes.length; i++) {
          node += w.getRefs(i); // delta coded
          nodes[i] = node;
        }
        if (refCount + nodes.length > refs.length) {
          refs = Arrays.copyOf(refs, Math.max(refs.length * 2, refCount + nodes.length));
        }
        System.arraycopy(nodes, 0, refs, refCount, nodes.length);
        refCount += nodes.length;
        String highway = tags.get("highway");
        ways.add(new Way(w.getId(), highways.computeIfAbsent(highway, h -> h), nodes));
      }
    }
  }

  /** The second pass: the positions of the nodes the kept ways use. */
  private final class NodePass extends Parser {
    @Override
    protected void parseNodes(List<Osmformat.Node> nodes) {
      for (Osmformat.Node n : nodes) {
        locate(n.getId(), n.getLat(), n.getLon());
      }
    }

    @Override
    protected void parseDense(Osmformat.DenseNodes dense) {
      long id = 0;
      long lat = 0;
      long lon = 0;
      for (int i = 0; i < dense.getIdCount(); i++) {
        id += dense.getId(i); // all three delta coded
        lat += dense.getLat(i);
        lon += dense.getLon(i);
        locate(id, lat, lon);
      }
    }

    private void locate(long id, long rawLat, long rawLon) {
      int i = index(id);
      if (i < 0) {
        return;
      }
      double lon = parseLon(rawLon);
      double lat = parseLat(rawLat);
      if (lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90) { // else as good as missing
        lonE7[i] = (int) Math.round(lon * 1e7);
        latE7[i] = (int) Math.round(lat * 1e7);
        located.set(i);
      }
    }
  }

  /** A parser that ignores everything it is not told to read. */
  private abstract static class Parser extends BinaryParser {
    @Override
    protected void parseRelations(List<Osmformat.Relation> relations) {}

    @Override
    protected void parseDense(Osmformat.DenseNodes nodes) {}

    @Override
    protected void parseNodes(List<Osmformat.Node> nodes) {}

    @Override
    protected void parseWays(List<Osmformat.Way> ways) {}

    @Override
    protected void parse(Osmformat.HeaderBlock header) {}

    @Override
    public void complete() {}
  }
}
