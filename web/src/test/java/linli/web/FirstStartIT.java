package linli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./linli demo} from a clone inside a home folder of mode 700, as Debian's /root is: run as root,
 * the cluster's unprivileged user cannot enter it, so the launcher says so before anything else and
 * keeps the cluster under /var/lib/linli; not root, the folder is the user's own and .linli/ serves.
 * The demo answers on localhost only and says so; no password file is left readable; its output has
 * no colour codes and no library start-up chatter. The clone is made by git from this worktree, with
 * the jar the build made (newer than every source, so the launcher does not build again).
 */
class FirstStartIT {
  private static final Pattern PLACE = Pattern.compile("kept in (/var/lib/linli/[0-9a-f]{12})/pgdata");

  @TempDir
  Path dir;

  @Test
  void theDemoStartsFromACloneInAModeSevenHundredHome() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    Path clone = home.resolve("linli");
    Path worktree = Path.of("..").toAbsolutePath().normalize();
    run(List.of("git", "clone", "--quiet", "--depth", "1", "file://" + worktree, clone.toString()));
    // The launcher as it is in this worktree, committed or not.
    Files.copy(worktree.resolve("linli"), clone.resolve("linli"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.COPY_ATTRIBUTES);
    Path jar = Files.createDirectories(clone.resolve("web/target")).resolve("linli.jar");
    Files.copy(Path.of("target", "linli.jar"), jar);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 3_600_000));

    int port = LinliJar.freePort();
    ProcessBuilder pb = new ProcessBuilder(clone.resolve("linli").toString(), "demo").directory(home.toFile())
        .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("LINLI_"));
    pb.environment().put("LINLI_PORT", Integer.toString(port));
    Process demo = pb.start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(demo.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(output::add));
    reader.start();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path place = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (output.stream().noneMatch(l -> l.contains("Linli is serving")) && System.nanoTime() < deadline) {
        assertThat(demo.isAlive()).as(String.join("\n", output)).isTrue();
        Thread.sleep(200);
      }
      String log = String.join("\n", output);
      assertThat(log).as(log).contains("Linli is serving the map at http://localhost:" + port + "/ to this computer only");
      Matcher m = PLACE.matcher(log);
      if (root) {
        // Said before anything else the launcher does (installing, building, starting Java).
        assertThat(output.get(0)).as(log).contains(clone.toString()).contains("cannot enter");
        assertThat(m.find()).as(log).isTrue();
        place = Path.of(m.group(1));
        assertThat(log).contains("data in " + place.resolve("pgdata"));
      } else {
        place = clone.resolve(".linli");
        assertThat(log).contains("data in " + place.resolve("pgdata"));
      }
      assertThat(log).as("no colour codes when not a terminal").doesNotContain("\u001b[");
      assertThat(log).as("library start-up logging").doesNotContain("HikariPool", "org.flywaydb", "Javalin started");

      HttpResponse<String> page = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      Optional<InetAddress> lan = nonLoopbackAddress();
      if (lan.isPresent()) {
        assertThatThrownBy(() -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(lan.get(), port), 2000);
          }
        }).as("the demo does not listen on %s", lan.get()).isInstanceOf(IOException.class);
      }
      // The password is kept readable by its owner only; initdb's copy is gone.
      Path passwordFile = place.resolve("db-password");
      assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
      try (Stream<Path> files = Stream.concat(Files.walk(clone), Files.walk(place))) {
        assertThat(files.filter(f -> f.getFileName().toString().equals(".initdb-pw"))).isEmpty();
      }
    } finally {
      // SIGTERM: the demo's shutdown hook stops the cluster it started.
      demo.destroy();
      if (!demo.waitFor(90, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
      reader.join(5_000);
      if (place != null) {
        assertThat(Files.exists(place.resolve("pgdata/postmaster.pid"))).as("the cluster was stopped").isFalse();
        if (root && place.startsWith("/var/lib/linli")) {
          run(List.of("rm", "-rf", place.toString()));
        }
      }
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return Optional.of(a);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
  }
}
