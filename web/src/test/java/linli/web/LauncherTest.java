package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./linli} launcher moves into the project folder before starting Java: it must tell the
 * one-off commands where the caller was. A copy of it runs with a {@code java} that only reports
 * what it was given.
 */
class LauncherTest {
  @TempDir
  Path dir;

  private String launch(Path caller, String... args) throws Exception {
    // Otherwise the launcher would install PostgreSQL first.
    assumeTrue(Files.exists(Path.of("/usr/lib/postgresql/15/bin/initdb"))
        && Files.exists(Path.of("/usr/share/postgresql/15/extension/postgis.control")), "PostgreSQL 15 with PostGIS");
    Path project = dir.resolve("project");
    if (!Files.exists(project)) {
      for (String module : new String[] {"registry", "tiles", "data", "web/target"}) {
        Files.createDirectories(project.resolve(module));
      }
      Files.copy(Path.of("..", "linli"), project.resolve("linli"));
      Files.writeString(project.resolve("pom.xml"), "");
      Files.writeString(project.resolve("web/target/linli.jar"), "");
      // Newer than every source, so the launcher does not build.
      Files.setLastModifiedTime(project.resolve("web/target/linli.jar"),
          FileTime.fromMillis(System.currentTimeMillis() + 60_000));
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path java = bin.resolve("java");
      Files.writeString(java, "#!/bin/sh\necho \"cwd=$PWD caller=${LINLI_CALLER_DIR:-none} args=$*\"\n");
      Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    String[] command = new String[args.length + 1];
    command[0] = project.resolve("linli").toString();
    System.arraycopy(args, 0, command, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).directory(caller.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("LINLI_"));
    // The temporary folder is mode 700: as root the launcher would choose /var/lib/linli for the
    // cluster (FirstStartIT checks that); here the cluster's place is given.
    pb.environment().put("LINLI_PG_DATA", dir.resolve("pgdata").toString());
    pb.environment().put("PATH", dir.resolve("bin") + ":" + pb.environment().get("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void fileCommandsGetTheCallersDirectory() throws Exception {
    Path caller = Files.createDirectories(dir.resolve("caller"));
    Path project = dir.toRealPath().resolve("project");
    for (String[] args : new String[][] {{"export", "facilities.geojson", "--crs", "EPSG:4549"},
        {"import", "a.csv"}, {"backup", "b.dump"}, {"restore", "b.dump", "--replace"}}) {
      assertThat(launch(caller, args)).isEqualTo("cwd=" + project + " caller=" + caller.toRealPath() + " args=-jar "
          + project.resolve("web/target/linli.jar") + " " + String.join(" ", args));
    }
  }

  @Test
  void demoStartsAsBeforeAndHelpAndVersionReachJava() throws Exception {
    Path caller = Files.createDirectories(dir.resolve("caller"));
    assertThat(launch(caller, "demo")).endsWith("caller=none args=-jar "
        + dir.toRealPath().resolve("project/web/target/linli.jar") + " demo");
    assertThat(launch(caller, "serve", "--help")).endsWith("linli.jar serve --help");
    assertThat(launch(caller, "--version")).endsWith("linli.jar --version");
  }

  @Test
  void theBuildShowsMavensOwnLinesWithoutColourCodes() throws Exception {
    Path caller = Files.createDirectories(dir.resolve("caller"));
    launch(caller, "--version"); // sets the project up
    Path project = dir.resolve("project");
    // A source newer than the jar, and a Maven that writes what Maven 3.8 writes in batch mode.
    Files.setLastModifiedTime(project.resolve("web/target/linli.jar"), FileTime.fromMillis(0));
    Path mvn = dir.resolve("bin/mvn");
    Files.writeString(mvn, "#!/bin/sh\nprintf '\\033[0m\\033[0m[INFO] Building Linli web 0.1.0\\n'\n"
        + "echo \"mvn $*\"\ntouch web/target/linli.jar\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    String out = launch(caller, "--version");
    assertThat(out).contains("linli: building", "[INFO] Building Linli web 0.1.0", "linli: built ")
        .doesNotContain("\u001b", " -q ").endsWith("linli.jar --version");
  }
}
