package linli.registry.transfer.read;

import static linli.registry.testing.FixtureCity.point;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import linli.registry.Violation;
import linli.registry.testing.Osmium;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.ImportRequest;
import linli.registry.transfer.RecordReader;
import linli.registry.transfer.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

/** OpenStreetMap ways as roads, read from .osm.pbf files that osmium wrote. */
class OsmRoadReaderTest {
  @TempDir
  Path dir;

  /**
   * Footways 100 (A-M-X-P-C, west to east) and 101 (S-X-N, south to north) cross at X; a foot=no
   * residential leaves M, an area=yes pedestrian triangle and a footway whose far node is missing
   * leave P, a motorway joins C and S; a closed footway 106 stands alone; trunk 107 with foot=yes
   * leaves C.
   */
  private Path crossing() throws Exception {
    return new Osmium()
        .node(1, point(120.300, 36.100)).node(2, point(120.305, 36.100)).node(3, point(120.310, 36.100))
        .node(8, point(120.315, 36.100)).node(4, point(120.320, 36.100))
        .node(5, point(120.310, 36.095)).node(6, point(120.310, 36.105)).node(7, point(120.305, 36.105))
        .node(11, point(120.316, 36.101)).node(12, point(120.314, 36.101))
        .node(20, point(120.330, 36.110)).node(21, point(120.331, 36.110)).node(22, point(120.331, 36.111))
        .node(23, point(120.330, 36.090))
        .way(100, new long[] {1, 2, 3, 8, 4}, "highway", "footway")
        .way(101, new long[] {5, 3, 6}, "highway", "footway")
        .way(102, new long[] {2, 7}, "highway", "residential", "foot", "no")
        .way(103, new long[] {4, 5}, "highway", "motorway")
        .way(104, new long[] {8, 99}, "highway", "footway")
        .way(105, new long[] {8, 11, 12, 8}, "highway", "pedestrian", "area", "yes")
        .way(106, new long[] {20, 21, 22, 20}, "highway", "footway", "name", "loop")
        .way(107, new long[] {4, 23}, "highway", "trunk", "foot", "yes")
        .way(108, new long[] {1, 5}, "building", "yes")
        .pbf(dir, "crossing.osm.pbf");
  }

  private static List<SourceRecord> all(RecordReader reader) throws IOException {
    List<SourceRecord> out = new ArrayList<>();
    for (Optional<SourceRecord> r = reader.next(); r.isPresent(); r = reader.next()) {
      out.add(r.get());
    }
    return out;
  }

  private static List<List<Coordinate>> parts(Geometry g) {
    List<List<Coordinate>> out = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      out.add(Arrays.asList(((LineString) g.getGeometryN(i)).getCoordinates()));
    }
    return out;
  }

  private static Coordinate at(double lon, double lat) {
    return new Coordinate(lon, lat);
  }

  @Test
  void walkableWaysAreCutWhereTheyShareANode() throws Exception {
    Path file = crossing();
    assertThat(RecordReaders.detect(file)).isEqualTo("osm.pbf");
    try (RecordReader reader = RecordReaders.open(file, null, null, ImportRequest.Layer.ROADS)) {
      assertThat(reader.declaredCrs()).isEqualTo("EPSG:4326");
      List<SourceRecord> records = all(reader);
      assertThat(records).extracting(SourceRecord::row).containsExactly(100L, 101L, 106L, 107L);
      assertThat(records).extracting(r -> r.attributes().get("highway"))
          .containsExactly("footway", "footway", "footway", "trunk");
      assertThat(records).allSatisfy(r -> {
        assertThat(r.attributes()).containsEntry("walkable", "true");
        assertThat(r.problems()).isEmpty();
      });
      // Cut at X only: M (the foot=no residential's) and P (the area's, the incomplete way's) are no junctions.
      assertThat(parts(records.get(0).geometry())).containsExactly(
          List.of(at(120.300, 36.100), at(120.305, 36.100), at(120.310, 36.100)),
          List.of(at(120.310, 36.100), at(120.315, 36.100), at(120.320, 36.100)));
      assertThat(parts(records.get(1).geometry())).containsExactly(
          List.of(at(120.310, 36.095), at(120.310, 36.100)),
          List.of(at(120.310, 36.100), at(120.310, 36.105)));
      // A loop that touches nothing stays one closed line; C is the end of 100 and of 107, nothing to cut.
      assertThat(records.get(2).geometry()).isInstanceOf(LineString.class);
      assertThat(((LineString) records.get(2).geometry()).isClosed()).isTrue();
      assertThat(parts(records.get(3).geometry())).containsExactly(List.of(at(120.320, 36.100), at(120.330, 36.090)));

      assertThat(reader.skippedCount()).isEqualTo(1);
      assertThat(reader.skipped()).extracting(Violation::row, Violation::field).containsExactly(
          org.assertj.core.groups.Tuple.tuple(104L, "nodes"));
      assertThat(reader.skipped().get(0).message()).contains("way 104", "1 of its 2 nodes are not in the file");
    }
  }

  @Test
  void aWayOfNoLengthIsLeftOutAndTwoNodesAtOnePositionMakeNoEdge() throws Exception {
    Path file = new Osmium()
        .node(1, point(120.30, 36.10)).node(2, point(120.30, 36.10)).node(3, point(120.31, 36.10))
        .way(1, new long[] {1, 2}, "highway", "path")
        .way(2, new long[] {1, 2, 3}, "highway", "path")
        .pbf(dir, "dup.osm.pbf");
    try (RecordReader reader = RecordReaders.open(file, "osm.pbf", null)) {
      List<SourceRecord> records = all(reader);
      assertThat(records).extracting(SourceRecord::row).containsExactly(2L);
      // Nodes 1 and 2 are shared by both ways, but a cut there would leave a part of no length.
      assertThat(parts(records.get(0).geometry())).containsExactly(List.of(at(120.30, 36.10), at(120.31, 36.10)));
      assertThat(reader.skipped()).extracting(Violation::row, Violation::field).containsExactly(
          org.assertj.core.groups.Tuple.tuple(1L, "geometry"));
    }
  }

  @Test
  void anOpenStreetMapFileIsForTheRoadLayerOnly() throws Exception {
    Path file = crossing();
    assertThatThrownBy(() -> RecordReaders.open(file, null, null, ImportRequest.Layer.FACILITIES))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("layer=roads");
    assertThatThrownBy(() -> RecordReaders.open(file, "pbf", null, ImportRequest.Layer.COMMUNITIES))
        .isInstanceOf(ImportFileException.class).hasMessageContaining("layer=roads");
  }

  @Test
  void randomBytesAreNoOpenStreetMapFile() throws Exception {
    byte[] noise = new byte[4096];
    new Random(14).nextBytes(noise);
    Path file = Files.write(dir.resolve("noise.osm.pbf"), noise);
    try (RecordReader reader = RecordReaders.open(file, "osm.pbf", null, ImportRequest.Layer.ROADS)) {
      assertThatThrownBy(reader::next).isInstanceOf(ImportFileException.class)
          .hasMessageStartingWith("this is not a readable OpenStreetMap .osm.pbf file: ");
    }
  }

  @Test
  void aFileCutOffInsideABlockIsNotTakenForAShorterOne() throws Exception {
    byte[] whole = Files.readAllBytes(crossing());
    Path cut = Files.write(dir.resolve("cut.osm.pbf"), Arrays.copyOf(whole, whole.length - 10));
    try (RecordReader reader = RecordReaders.open(cut, null, null, ImportRequest.Layer.ROADS)) {
      assertThatThrownBy(reader::next).isInstanceOf(ImportFileException.class)
          .hasMessageContaining("ends inside a block");
    }
  }
}
