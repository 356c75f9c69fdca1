package linli.registry.crs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * GCJ-02 and BD-09 as Linli converts them, against an independent implementation: the npm package
 * gcoord (tools/coord-check, pinned by its package-lock.json, installed with npm ci on first use).
 * The forward formulas are the published ones and must agree to rounding; the reverse conversions
 * are inversions, Linli's iterated to the centimetre, so they must agree to gcoord's accuracy.
 */
class OffsetDatumCrossCheckIT {
  private static final Path TOOL = locate();
  /** Points over mainland China, where the offsets apply (outside it both leave points alone). */
  private static final int POINTS = 400;

  private record Case(String from, String to, Conversion linli, double toleranceDeg) {}

  private interface Conversion {
    double[] apply(double lon, double lat);
  }

  @Test
  void linliAgreesWithGcoord() throws Exception {
    List<Case> cases = List.of(
        new Case("WGS84", "GCJ02", Gcj02::fromWgs84, 1e-9),
        new Case("GCJ02", "BD09", Bd09::fromGcj02, 1e-9),
        new Case("WGS84", "BD09", Bd09::fromWgs84, 1e-9),
        // gcoord inverts GCJ-02 approximately; Linli iterates. 1e-5° is about a metre.
        new Case("GCJ02", "WGS84", Gcj02::toWgs84, 1e-5),
        new Case("BD09", "GCJ02", Bd09::toGcj02, 1e-5),
        new Case("BD09", "WGS84", Bd09::toWgs84, 1e-5));
    Random random = new Random(20261202);
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {120.3826, 36.0671}); // Qingdao, 市南区
    for (int i = 0; i < POINTS; i++) {
      points.add(new double[] {100 + random.nextDouble() * 22, 23 + random.nextDouble() * 18});
    }
    StringBuilder input = new StringBuilder();
    for (Case c : cases) {
      for (double[] p : points) {
        input.append(c.from()).append(' ').append(c.to()).append(' ').append(p[0]).append(' ').append(p[1]).append('\n');
      }
    }
    List<String> answers = gcoord(input.toString());
    assertThat(answers).hasSize(cases.size() * points.size());
    int line = 0;
    for (Case c : cases) {
      double worst = 0;
      for (double[] p : points) {
        String[] theirs = answers.get(line++).split(" ");
        double[] ours = c.linli().apply(p[0], p[1]);
        worst = Math.max(worst, Math.max(Math.abs(ours[0] - Double.parseDouble(theirs[0])),
            Math.abs(ours[1] - Double.parseDouble(theirs[1]))));
      }
      assertThat(worst).as("%s -> %s, worst difference in degrees", c.from(), c.to()).isLessThan(c.toleranceDeg());
    }
  }

  private static List<String> gcoord(String input) throws IOException, InterruptedException {
    install();
    Process p = new ProcessBuilder("node", TOOL.resolve("convert.js").toString()).directory(TOOL.toFile()).start();
    try (var in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(err).isZero();
    return out.lines().toList();
  }

  private static synchronized void install() throws IOException, InterruptedException {
    if (Files.isDirectory(TOOL.resolve("node_modules/gcoord"))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(TOOL.toFile())
        .redirectErrorStream(true).start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(npm.exitValue()).as(out).isZero();
  }

  /** tools/coord-check of this checkout, whether the tests run in registry/ or at the root. */
  private static Path locate() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("tools/coord-check");
      if (Files.isRegularFile(candidate.resolve("convert.js"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("tools/coord-check not found above " + Path.of("").toAbsolutePath());
  }
}
