package linli.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's independent GeoJSON validator, {@code tools/geojson-check} (node and the npm
 * package {@code @placemarkio/check-geojson}, pinned by its package-lock.json), run as a process.
 * Installs it with {@code npm ci} the first time when its node_modules is missing.
 */
final class GeoJsonCheckTool {
  static final Path DIR = locate();

  /** What the tool said: per file, "ok" or its issues; and its exit code. */
  record Result(int exitCode, Map<String, List<String>> issues, String output) {}

  private GeoJsonCheckTool() {}

  /** Checks {@code files} in one run of the tool. */
  static Result check(List<Path> files) throws IOException, InterruptedException {
    install();
    List<String> command = new ArrayList<>(List.of("node", DIR.resolve("check.js").toString()));
    files.forEach(f -> command.add(f.toString()));
    Run run = run(command, DIR, 120);
    String output = run.output();
    Map<String, List<String>> issues = new LinkedHashMap<>();
    for (Path f : files) {
      issues.put(f.toString(), new ArrayList<>());
    }
    for (String line : output.split("\n")) {
      for (Path f : files) {
        String prefix = f + ": ";
        if (line.startsWith(prefix) && !line.equals(prefix + "ok")) {
          issues.get(f.toString()).add(line.substring(prefix.length()));
        }
      }
    }
    return new Result(run.exitCode(), issues, output);
  }

  private static synchronized void install() throws IOException, InterruptedException {
    if (Files.isDirectory(DIR.resolve("node_modules/@placemarkio/check-geojson"))) {
      return;
    }
    Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), DIR, 300);
    if (npm.exitCode() != 0) {
      throw new IllegalStateException("npm ci in " + DIR + " failed (exit " + npm.exitCode() + "):\n" + npm.output());
    }
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not finish in " + timeoutSeconds + " s");
    }
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** tools/geojson-check of this checkout, whether the tests run in web/ or at the root. */
  private static Path locate() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("tools/geojson-check");
      if (Files.isRegularFile(candidate.resolve("check.js"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("tools/geojson-check not found above " + Path.of("").toAbsolutePath());
  }
}
