package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server, {@code java -jar target/linli.jar COMMAND}, as a user starts it (the jar is
 * built before the integration tests run): what it prints is collected line by line.
 */
final class LinliJar implements AutoCloseable {
  final Process process;
  final int port;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private LinliJar(Process process, int port) {
    this.process = process;
    this.port = port;
    this.reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)).lines().forEach(output::add));
    reader.start();
  }

  /** Starts {@code command} on a free port with {@code env} added to this environment (less its LINLI_* variables). */
  static LinliJar start(String command, Map<String, String> env) throws IOException {
    return start(command, env, freePort());
  }

  /** The same on {@code port}: an instance restarted where the proxy expects it. */
  static LinliJar start(String command, Map<String, String> env, int port) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Path.of("target", "linli.jar").toString(), command).redirectErrorStream(true);
    // Only what the test gives: none of the developer's own LINLI_* settings.
    pb.environment().keySet().removeIf(k -> k.startsWith("LINLI_"));
    pb.environment().putAll(env);
    pb.environment().put("LINLI_PORT", Integer.toString(port));
    return new LinliJar(pb.start(), port);
  }

  /** Waits (up to {@code seconds}) until the server says it is serving; fails with its output if it died. */
  LinliJar awaitServing(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (output.stream().noneMatch(l -> l.contains("Linli is serving")) && System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as(log()).isTrue();
      Thread.sleep(100);
    }
    assertThat(output).as(log()).anyMatch(l -> l.contains("Linli is serving"));
    return this;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Everything printed so far; after {@link #awaitOutputEnd()} everything printed at all. */
  String log() {
    return String.join("\n", output);
  }

  void awaitOutputEnd() throws InterruptedException {
    reader.join(5_000);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
