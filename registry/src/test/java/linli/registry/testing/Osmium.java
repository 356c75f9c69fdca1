package linli.registry.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.locationtech.jts.geom.Point;

/**
 * OpenStreetMap files for tests: OSM XML written here, turned into .osm.pbf by Debian's osmium-tool
 * (an independent writer of the format). A missing osmium fails the test (never skips it).
 */
public final class Osmium {
  private final StringBuilder nodes = new StringBuilder();
  private final StringBuilder ways = new StringBuilder();

  /** Adds a node at a point (lon/lat degrees, written at OSM's 1e-7). */
  public Osmium node(long id, Point at) {
    nodes.append(String.format(Locale.ROOT, "  <node id=\"%d\" version=\"1\" lat=\"%.7f\" lon=\"%.7f\"/>%n", id,
        at.getY(), at.getX()));
    return this;
  }

  /** Adds a way through {@code nodes} with tags given as key, value, key, value, ... */
  public Osmium way(long id, long[] nodes, String... tags) {
    ways.append("  <way id=\"").append(id).append("\" version=\"1\">\n");
    for (long n : nodes) {
      ways.append("    <nd ref=\"").append(n).append("\"/>\n");
    }
    for (int i = 0; i < tags.length; i += 2) {
      ways.append("    <tag k=\"").append(tags[i]).append("\" v=\"").append(tags[i + 1]).append("\"/>\n");
    }
    ways.append("  </way>\n");
    return this;
  }

  public String xml() {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"linli test\">\n" + nodes + ways
        + "</osm>\n";
  }

  /** Writes the XML and {@code osmium cat}s it into {@code dir/name} (a .osm.pbf); fails when osmium is missing or fails. */
  public Path pbf(Path dir, String name) throws IOException, InterruptedException {
    Path exe = Path.of("/usr/bin/osmium");
    if (!Files.isExecutable(exe)) {
      fail("osmium is required for this test (apt-get install osmium-tool)");
    }
    Path xml = dir.resolve(name + ".osm");
    Files.writeString(xml, xml(), StandardCharsets.UTF_8);
    Path pbf = dir.resolve(name);
    Process p = new ProcessBuilder(exe.toString(), "cat", "--overwrite", xml.toString(), "-o", pbf.toString())
        .redirectErrorStream(true).start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("osmium cat did not finish in 60 s");
    }
    if (p.exitValue() != 0) {
      fail("osmium cat failed (" + p.exitValue() + "):\n" + new String(out, StandardCharsets.UTF_8));
    }
    return pbf;
  }
}
