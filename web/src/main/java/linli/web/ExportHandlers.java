package linli.web;

import io.javalin.http.Context;
import java.io.OutputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linli.registry.Violation;
import linli.registry.transfer.write.ExportBusyException;
import linli.registry.crs.CoordinateSystem;
import linli.registry.transfer.write.ExportFile;
import linli.registry.transfer.write.ExportFileName;
import linli.registry.transfer.write.ExportPreset;
import linli.registry.transfer.write.ExportFormat;
import linli.registry.transfer.write.ExportLayer;
import linli.registry.transfer.write.ExportParameters;
import linli.registry.transfer.write.ExportQuery;
import linli.registry.transfer.write.LayerExporter;
import linli.registry.transfer.write.UnwritableValueException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/export/{file}: a layer as a file to download, {@code file} being the layer (facilities,
 * communities, roads, shelters-province) and the format, e.g. {@code facilities.geojson},
 * {@code communities.shp.zip} (geojson, csv, shp.zip, gpkg, kml, xlsx). Query: {@code crs}
 * (EPSG:4490 default, EPSG:4326, EPSG:4549, EPSG:3857, GCJ02; GeoJSON defaults to RFC 7946's WGS84
 * longitude/latitude, KML is always WGS84 or GCJ02), {@code district} (code or name), {@code encoding}
 * (shp.zip and csv: UTF-8 or GBK), and per layer the options of {@link ExportParameters} (facility filters,
 * the communities' coverage question). Everything is checked before the first byte; the file then
 * streams as it is written. A character the DBF encoding lacks is found while the Shapefile is
 * spooled, so it is still a 400 problem. The file is named by what it holds ({@link ExportFileName}).
 */
final class ExportHandlers {
  private static final Logger log = LoggerFactory.getLogger(ExportHandlers.class);

  /** The day in a download's name is the registry's users' day. */
  private static final ZoneId REGISTRY_ZONE = ZoneId.of("Asia/Shanghai");

  private final LayerExporter exporter;
  private final Auth auth;

  ExportHandlers(LayerExporter exporter, Auth auth) {
    this.exporter = exporter;
    this.auth = auth;
  }

  /**
   * GET /api/export: what can be exported, for the page's choices: the layers, the formats (which
   * take an encoding, which only longitude/latitude), the CRSs and encodings offered, the presets.
   */
  void options(Context ctx) {
    auth.requireReader(ctx);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("layers", ExportLayer.ids());
    out.put("formats", Arrays.stream(ExportFormat.values()).map(f -> Map.of(
        "extension", f.extension(),
        "encodings", f.choosesEncoding() ? ExportParameters.ENCODINGS : List.of("UTF-8"),
        "geographic_only", !f.accepts(CoordinateSystem.CGCS2000_GK_CM_120E))).toList());
    out.put("crs", CoordinateSystem.offered(CoordinateSystem.Use.EXPORT).stream().map(c -> Map.of(
        "code", c.code(), "title", c.title(), "geographic", c.isGeographic())).toList());
    out.put("encodings", ExportParameters.ENCODINGS);
    out.put("presets", ExportPreset.all().stream().map(p -> {
      Map<String, Object> preset = new LinkedHashMap<>();
      preset.put("id", p.id());
      preset.put("name_zh", p.nameZh());
      preset.put("name_en", p.nameEn());
      preset.put("layer", p.layer().id());
      preset.put("format", p.format().extension());
      preset.put("crs", p.crs().code());
      preset.put("encoding", p.encoding().name());
      preset.put("description", p.description());
      return preset;
    }).toList());
    ctx.json(out);
  }

  void export(Context ctx) throws Exception {
    auth.requireReader(ctx);
    String file = ctx.pathParam("file");
    ExportFile target = ExportFile.parse(file).orElseThrow(() -> Problem.notFound("no export " + file
        + ": ask for {" + String.join("|", ExportLayer.ids()) + "}.{" + String.join(",", ExportFormat.extensions()) + "}"));
    QueryParams params = new QueryParams(ctx);
    ExportParameters.Result parsed = new ExportParameters(params.text("crs"), params.text("category"),
        params.text("district"), params.text("status"), params.text("distance"), params.text("mode"),
        params.text("encoding"), params.text(ExportParameters.LIFE_CIRCLES), params.text(ExportParameters.COVERED)).toQuery(target, exporter.registry());
    if (!parsed.ok()) {
      throw Problem.invalid(parsed.violations());
    }
    ExportQuery query = parsed.query();
    List<Violation> problems = exporter.check(query);
    if (!problems.isEmpty()) {
      throw Problem.invalid(problems);
    }

    ctx.status(200);
    ctx.contentType(target.format().mediaType(query.encoding()));
    ExportFileName name = exporter.fileName(query, target.format(), LocalDate.now(REGISTRY_ZONE));
    ctx.header("Content-Disposition", ContentDisposition.attachment(name.utf8(), name.ascii()));
    ctx.header("Cache-Control", "no-store");
    OutputStream out = ctx.outputStream();
    try {
      exporter.export(query, target.format(), out);
    } catch (UnwritableValueException e) { // found while spooling: nothing sent yet
      if (ctx.res().isCommitted()) {
        abort(ctx, e);
        return;
      }
      dropFile(ctx);
      throw Problem.invalid(e.field(), e.getMessage());
    } catch (ExportBusyException e) { // thrown before the first byte
      dropFile(ctx);
      ctx.header("Retry-After", "30");
      throw new Problem(503, "Service unavailable", e.getMessage(), List.of());
    } catch (Exception e) {
      if (!ctx.res().isCommitted()) {
        dropFile(ctx); // nothing sent yet: the problem mapper answers
        throw e;
      }
      // Part of the file is out under a 200 status. Never end it as if it were whole: abort the
      // connection, so the client sees a broken transfer rather than a truncated, valid-looking file.
      log.error("Export {} failed after the response started; aborting the connection", file, e);
      abort(ctx, e);
    }
  }

  /** Ends the exchange abnormally: on Jetty (Javalin's server) no final chunk is ever sent. */
  /**
   * Nothing of the file was sent: drop what was buffered and the file's own header. Not a full
   * reset, which would also drop the security and CORS headers set before the handler ran.
   */
  private static void dropFile(Context ctx) {
    ctx.res().resetBuffer();
    ctx.res().setHeader("Content-Disposition", null);
  }

  private static void abort(Context ctx, Exception cause) throws Exception {
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    if (request == null) {
      throw cause;
    }
    request.getServletChannel().abort(cause);
  }
}
