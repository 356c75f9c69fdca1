package linli.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import linli.registry.transfer.ImportJobs;
import linli.registry.transfer.ImportReport;
import linli.registry.transfer.ImportRequest;
import linli.registry.transfer.ImportTemplate;
import linli.registry.crs.CoordinateSystem;
import linli.registry.transfer.read.RecordReaders;

/**
 * POST /api/imports (the file as the raw body or multipart field {@code file}) and
 * GET /api/imports/{id}. Small imports answer 200 with their report; longer ones 202 with a
 * Location to poll. The upload answers as the job's row says, as a poll would: 400 when it failed
 * (nothing written), 200 when done (with an error too when something failed after the commit).
 */
final class ImportHandlers {
  private static final Duration WAIT_FOR_REPORT = Duration.ofSeconds(10);
  private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  private static final ObjectMapper REPORT_JSON = LinliApp.objectMapper();
  private static final List<String> ENCODINGS = List.of("UTF-8", "GBK", "GB18030");

  private final ImportJobs jobs;
  private final ObjectMapper json;
  private final Auth auth;
  private final long maxUploadBytes;
  private final Consumer<ImportJobs.Job> onSubmit;

  private final PublicUrl publicUrl;
  /** Told when a poll finds an import done: its rows are a write of the polling client (read-your-writes). */
  private final Consumer<Context> onDoneSeen;

  ImportHandlers(ImportJobs jobs, ObjectMapper json, Auth auth, long maxUploadBytes, Consumer<ImportJobs.Job> onSubmit,
      PublicUrl publicUrl, Consumer<Context> onDoneSeen) {
    this.publicUrl = publicUrl;
    this.onDoneSeen = onDoneSeen;
    this.jobs = jobs;
    this.json = json;
    this.auth = auth;
    this.maxUploadBytes = maxUploadBytes;
    this.onSubmit = onSubmit;
  }

  void submit(Context ctx) throws Exception {
    String by = auth.requireUnrestrictedWriter(ctx).name();
    QueryParams params = new QueryParams(ctx);
    ImportRequest.Layer layer = layer(params.text("layer"));
    String format = params.text("format");
    if (format != null && !RecordReaders.FORMATS.contains(format.toLowerCase(Locale.ROOT))) {
      throw Problem.invalid("format", "'" + format + "' is not one of " + String.join(", ", RecordReaders.FORMATS));
    }
    String crsText = params.text("crs");
    CoordinateSystem crs = crsText == null ? null : CoordinateSystem.parse(crsText, CoordinateSystem.Use.IMPORT)
        .orElseThrow(() -> Problem.invalid("crs",
            "'" + crsText + "' is not one of " + CoordinateSystem.describe(CoordinateSystem.Use.IMPORT)));
    String encoding = params.text("encoding");
    if (encoding != null && ENCODINGS.stream().noneMatch(e -> e.equalsIgnoreCase(encoding))) {
      throw Problem.invalid("encoding", "'" + encoding + "' is not one of " + String.join(", ", ENCODINGS));
    }
    String mode = params.text("mode") == null ? "commit" : params.text("mode");
    if (!mode.equals("commit") && !mode.equals("dry-run")) {
      throw Problem.invalid("mode", "must be dry-run or commit");
    }
    String onError = params.text("on-error") == null ? "reject" : params.text("on-error");
    if (!onError.equals("reject") && !onError.equals("skip")) {
      throw Problem.invalid("on-error", "must be reject or skip");
    }
    String source = params.text("source") == null ? "upload" : params.text("source");
    if (source.length() > 100) {
      throw Problem.invalid("source", "is longer than 100 characters");
    }
    String repair = params.text("repair") == null ? "false" : params.text("repair");
    if (!repair.equals("true") && !repair.equals("false")) {
      throw Problem.invalid("repair", "must be true or false");
    }
    Path file = receive(ctx);
    ImportRequest request = new ImportRequest(layer, crs, mode.equals("dry-run"), onError.equals("skip"),
        params.text("category"), source, by, repair.equals("true"));
    ImportJobs.Job job = jobs.submit(request, file, format == null ? null : format.toLowerCase(Locale.ROOT), encoding);
    onSubmit.accept(job);
    String location = publicUrl.path("/api/imports/" + job.id());
    ctx.header("Location", location);
    job.await(WAIT_FOR_REPORT);
    // As a poll would see it, from whichever instance: the job's row in the database, not this process's
    // view of the job (an import that committed and then failed, e.g. closing its file, is done there).
    ImportJobs.Status status = jobs.find(job.id()).orElseThrow(() -> Problem.notFound("no import " + job.id()));
    if (status.state() == ImportJobs.State.FAILED) {
      throw new Problem(400, "Import failed", status.error(),
          List.of(new Problem.FieldError(null, "file", status.error())));
    }
    ctx.status(status.state() == ImportJobs.State.DONE ? 200 : 202).json(status(status));
  }

  /** GET /api/imports/template.xlsx: the facility list to fill in, with the catalogue's Chinese headers. */
  void template(Context ctx) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImportTemplate.write(out);
    ctx.contentType(XLSX);
    ctx.header("Content-Disposition", "attachment; filename=\"facilities-template.xlsx\"; filename*=UTF-8''"
        + java.net.URLEncoder.encode("设施导入模板.xlsx", java.nio.charset.StandardCharsets.UTF_8));
    ctx.result(out.toByteArray());
  }

  /** GET /api/imports/{id}: any instance answers, whichever one runs the job. */
  void status(Context ctx) throws SQLException, IOException {
    auth.requireWriter(ctx);
    String id = ctx.pathParam("id");
    ImportJobs.Status found = jobs.find(id).orElseThrow(() -> Problem.notFound("no import " + id));
    if (found.state() == ImportJobs.State.DONE) {
      onDoneSeen.accept(ctx);
    }
    ctx.json(status(found));
  }

  private ObjectNode status(ImportJobs.Status job) throws IOException {
    ObjectNode node = json.createObjectNode();
    node.put("id", job.id());
    node.put("state", job.state().name().toLowerCase(Locale.ROOT));
    node.putObject("progress").put("rows_read", job.rowsRead()).put("rows_valid", job.rowsValid());
    if (job.reportJson() != null) {
      node.set("report", json.readTree(job.reportJson()));
    }
    if (job.error() != null) {
      node.put("error", job.error());
    }
    return node;
  }

  /** How a report is stored for every instance to read back: as the API shows it. */
  static String reportJson(ImportReport report) {
    try {
      return REPORT_JSON.writeValueAsString(report);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an import report that cannot be written as JSON", e);
    }
  }

  private static ImportRequest.Layer layer(String text) {
    if (text == null) {
      return ImportRequest.Layer.FACILITIES;
    }
    return ImportRequest.Layer.fromId(text).orElseThrow(() ->
        Problem.invalid("layer", "'" + text + "' is not one of " + ImportRequest.Layer.ids()));
  }

  /** Spools the upload to a temp file, refusing more than the limit. */
  private Path receive(Context ctx) throws IOException {
    Path file = Files.createTempFile("linli-upload-", ".bin");
    String type = ctx.contentType() == null ? "" : ctx.contentType();
    try (InputStream in = type.startsWith("multipart/") ? multipartFile(ctx) : ctx.bodyInputStream();
        OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        total += n;
        if (total > maxUploadBytes) {
          throw new Problem(413, "Payload too large", "uploads are limited to " + maxUploadBytes / (1024 * 1024)
              + " MiB (LINLI_MAX_UPLOAD_MB)", List.of(new Problem.FieldError(null, "file", "is too large")));
        }
        out.write(buffer, 0, n);
      }
      if (total == 0) {
        throw Problem.invalid("file", "the upload is empty");
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return file;
  }

  private static InputStream multipartFile(Context ctx) {
    UploadedFile upload = ctx.uploadedFile("file");
    if (upload == null) {
      throw Problem.invalid("file", "multipart uploads need a field named file");
    }
    return upload.content();
  }
}
