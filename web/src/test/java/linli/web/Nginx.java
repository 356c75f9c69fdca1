package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real nginx (Debian's) in front of the service, over TLS with a certificate made here by openssl
 * for 127.0.0.1: its own configuration, logs and temp folders in a temp folder, on free ports, as an
 * unprivileged user ({@code nobody} when the tests run as root). Each server block is written by the
 * test, so what nginx sends upstream is in plain sight.
 */
final class Nginx implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/sbin/nginx");

  private final Path dir;
  private final Process process;

  private Nginx(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /** A fresh folder with a self-signed certificate (cert.pem, key.pem) for 127.0.0.1, valid a day. */
  static Path prepare() throws IOException, InterruptedException {
    assertThat(BINARY).as("nginx (Debian package nginx; ./linli test installs it)").isExecutable();
    Path dir = Files.createTempDirectory("linli-nginx-");
    Files.createDirectories(dir.resolve("tmp"));
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(),
        "-out", dir.resolve("cert.pem").toString());
    return dir;
  }

  /** Starts nginx in {@code dir} with these {@code server { ... }} blocks; waits until each port answers. */
  static Nginx start(Path dir, List<String> servers, List<Integer> ports) throws Exception {
    String d = dir.toString();
    String conf = """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        daemon off;
        events { worker_connections 64; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %1$s/tmp/body;
          proxy_temp_path %1$s/tmp/proxy;
          fastcgi_temp_path %1$s/tmp/fastcgi;
          uwsgi_temp_path %1$s/tmp/uwsgi;
          scgi_temp_path %1$s/tmp/scgi;
          ssl_certificate %1$s/cert.pem;
          ssl_certificate_key %1$s/key.pem;
        %2$s
        }
        """.formatted(d, String.join("\n", servers));
    Files.writeString(dir.resolve("nginx.conf"), conf);
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      // Never root: nginx's master would keep root's rights. nobody owns the folder it writes in.
      run(dir, "chown", "-R", "nobody", d);
      command.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    command.addAll(List.of(BINARY.toString(), "-p", d, "-c", d + "/nginx.conf", "-e", d + "/error.log"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
    Nginx nginx = new Nginx(dir, process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int port : ports) {
      while (!answers(port)) {
        assertThat(process.isAlive()).as("nginx died: " + nginx.errors()).isTrue();
        assertThat(System.nanoTime()).as("nginx does not listen on " + port).isLessThan(deadline);
        Thread.sleep(50);
      }
    }
    return nginx;
  }

  /** Trusts exactly the certificate nginx serves: TLS is verified, host name included. */
  static SSLContext trusting(Path dir) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("nginx", CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("cert.pem")))));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }

  /** Its folder: nginx.conf, access.log, error.log. */
  Path dir() {
    return dir;
  }

  String errors() {
    try {
      return Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log"));
    } catch (IOException e) {
      return "(no nginx log: " + e.getMessage() + ")";
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }

  @Override
  public void close() throws Exception {
    // SIGTERM to nginx's master itself (runuser may stand between it and us): its fast shutdown.
    Path pid = dir.resolve("nginx.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
