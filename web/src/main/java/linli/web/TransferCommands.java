package linli.web;

import static linli.web.Main.seconds;

import java.io.BufferedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import linli.registry.Violation;
import linli.registry.facility.FacilityRules;
import linli.registry.transfer.CommunityImporter;
import linli.registry.transfer.CreatedDivisions;
import linli.registry.transfer.DivisionImporter;
import linli.registry.transfer.FacilityImporter;
import linli.registry.transfer.ImportFileException;
import linli.registry.transfer.ImportProgress;
import linli.registry.transfer.ImportReport;
import linli.registry.transfer.ImportRequest;
import linli.registry.transfer.RecordSource;
import linli.registry.transfer.RoadImporter;
import linli.registry.crs.CoordinateSystem;
import linli.registry.transfer.read.RecordReaders;
import linli.registry.transfer.write.ExportFile;
import linli.registry.transfer.write.ExportFormat;
import linli.registry.transfer.write.ExportLayer;
import linli.registry.transfer.write.ExportParameters;
import linli.registry.transfer.write.LayerExporter;
import linli.registry.transfer.write.UnwritableValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linli import FILE ...} and {@code linli export LAYER.FORMAT ...}: /api/imports and /api/export as commands. */
final class TransferCommands {
  private TransferCommands() {}

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Imports FILE into the registry: the same import as POST /api/imports, with progress on stderr,"
          + " against LINLI_DB_URL or the project-local cluster.",
          "A relative FILE is read from the directory the command was run in."})
  static final class Import implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE",
        description = "csv, xlsx, geojson, shp (or a zip holding one), gpkg, or an OpenStreetMap .osm.pbf (--layer roads)")
    private String file;

    @Option(names = "--layer", paramLabel = "LAYER", defaultValue = "facilities",
        description = "facilities, communities, districts, streets or roads (default: ${DEFAULT-VALUE})")
    private String layer;

    @Option(names = "--source", paramLabel = "NAME",
        description = "where the rows come from; rows are matched by source and id (default: the file's name)")
    private String source;

    @Option(names = "--crs", paramLabel = "CRS",
        description = "EPSG:4326, EPSG:4490, GCJ02, BD09, EPSG:4549, EPSG:3857 or a CGCS2000 Gauss-Krüger zone"
            + " EPSG:4491 to EPSG:4554 (default: as the file declares, else EPSG:4326)")
    private String crs;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "csv, xlsx, geojson, shp, gpkg or osm.pbf (default: detected from the file)")
    private String format;

    @Option(names = "--encoding", paramLabel = "ENCODING",
        description = "UTF-8 or GBK, for csv, geojson and shp text (default: the file's hint, else detected)")
    private String encoding;

    @Option(names = "--category", paramLabel = "CODE", description = "the category of rows that name none")
    private String category;

    @Option(names = "--dry-run", description = "validate and count, write nothing")
    private boolean dryRun;

    @Option(names = "--skip", description = "write the good rows and report the bad ones (default: any bad row"
        + " and nothing is written)")
    private boolean skip;

    @Option(names = "--repair", description = "communities: repair invalid polygons (each reported as a warning)"
        + " instead of rejecting them")
    private boolean repair;

    Import(CommandContext context) {
      this.context = context;
    }

    Path file() {
      return context.file(file);
    }

    @Override
    public Integer call() throws Exception {
      LinliConfig config = context.config();
      Path file = file();
      if (!Files.isReadable(file)) {
        throw new CommandFailure("cannot read " + file);
      }
      ImportRequest.Layer layer = ImportRequest.Layer.fromId(this.layer)
          .orElseThrow(() -> new CommandFailure("--layer must be one of " + ImportRequest.Layer.ids()));
      CoordinateSystem crs = this.crs == null ? null : CoordinateSystem.parse(this.crs, CoordinateSystem.Use.IMPORT)
          .orElseThrow(() -> new CommandFailure("--crs must be "
              + CoordinateSystem.describe(CoordinateSystem.Use.IMPORT)));
      String source = this.source == null ? file.getFileName().toString() : this.source;
      if (source.isBlank() || source.length() > FacilityRules.MAX_SOURCE) {
        throw new CommandFailure("--source must be 1 to " + FacilityRules.MAX_SOURCE
            + " characters (without it, the file's name is the source)");
      }
      var request = new ImportRequest(layer, crs, dryRun, skip, category, source,
          "cli:" + System.getProperty("user.name"), repair);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      boolean[] rejected = {false};
      Main.withDatabase(config, db -> {
        long started = System.nanoTime();
        ImportProgress progress = (read, valid) ->
            err.printf("\r  %,d rows read, %,d valid, %.0f s", read, valid, seconds(started));
        ImportReport report;
        RecordSource upload = () -> RecordReaders.open(file, format, encoding, layer);
        try {
          var ds = db.dataSource();
          if (layer == ImportRequest.Layer.FACILITIES) {
            report = new FacilityImporter(ds).run(request, upload, progress, "linli-cli-import");
          } else {
            try (var reader = upload.open()) {
              report = switch (layer) {
                case ROADS -> new RoadImporter(ds).run(request, reader, progress, "linli-cli-import");
                case DISTRICTS, STREETS -> new DivisionImporter(ds).run(request, reader, progress, "linli-cli-import");
                default -> new CommunityImporter(ds).run(request, reader, progress, "linli-cli-import");
              };
            }
          }
        } catch (ImportFileException e) {
          err.println();
          throw new CommandFailure(e.getMessage());
        }
        err.println();
        rejected[0] = !report.committed() && !dryRun;
        out.printf("%s: %,d rows; %,d inserted, %,d updated, %,d unchanged, %,d rejected (%.1f s)%n",
            report.committed() ? "committed" : dryRun ? "dry run, nothing written" : "rejected, nothing written",
            report.total(), report.inserted(), report.updated(), report.unchanged(), report.rejected(),
            seconds(started));
        report.errors().stream().limit(20).forEach(v ->
            out.printf("  row %s, %s: %s%n", v.row(), v.field(), v.message()));
        if (report.errors().size() > 20) {
          out.println("  ... " + (report.rejected() - 20) + " more");
        }
        if (report.skipped() > 0) {
          out.printf("  %,d left out without rejecting the file (the warnings say why)%n", report.skipped());
        }
        if (report.facilitiesMoved() > 0) {
          out.printf("  %,d facilities moved to another community (their point lies there now)%n",
              report.facilitiesMoved());
        }
        CreatedDivisions created = report.createdDivisions();
        created.districts().forEach(d -> out.printf("  registered district %s %s%n", d.code(), d.name()));
        created.streets().forEach(d -> out.printf("  registered street %s %s%n", d.code(), d.name()));
        report.warnings().stream().limit(20).forEach(v ->
            out.printf("  warning: row %s, %s: %s%n", v.row(), v.field(), v.message()));
        if (report.warnings().size() > 20) {
          out.println("  ... " + (report.warnings().size() - 20) + " more warnings");
        }
      });
      // A rejected file is a failed command (exit code 1), so a script of imports stops at it.
      return rejected[0] ? 1 : 0;
    }
  }

  /** The options of GET /api/export (ExportParameters), checked the same way. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Exports a layer into a file: the same export as GET /api/export, against LINLI_DB_URL or the"
          + " project-local cluster.",
          "LAYER is facilities, communities, districts, streets, roads or shelters-province; FORMAT is geojson, csv, shp.zip, gpkg, kml"
              + " or xlsx.",
          "The file is LAYER.FORMAT (or --out FILE), relative to the directory the command was run in."})
  static final class Export implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "LAYER.FORMAT", description = "e.g. facilities.geojson, communities.shp.zip")
    private String name;

    @Option(names = "--out", paramLabel = "FILE", description = "the file to write (default: LAYER.FORMAT)")
    private String out;

    @Option(names = "--crs", paramLabel = "CRS",
        description = "EPSG:4490 (default), EPSG:4326, EPSG:4549, EPSG:3857, GCJ02, BD09 or a CGCS2000 Gauss-Krüger zone"
            + " EPSG:4491 to EPSG:4554")
    private String crs;

    @Option(names = "--category", paramLabel = "CODE",
        description = "facilities: only this category; communities: the category whose coverage is measured")
    private String category;

    @Option(names = "--district", paramLabel = "CODE_OR_NAME", description = "only this district")
    private String district;

    @Option(names = "--status", paramLabel = "STATUSES",
        description = "comma-separated statuses, e.g. open,closed (communities and shelters-province: default open)")
    private String status;

    @Option(names = "--distance", paramLabel = "METRES",
        description = "communities: the coverage distance (with --category; default the category's)")
    private String distance;

    @Option(names = "--mode", paramLabel = "MODE", description = "communities: straight (default) or network")
    private String mode;

    @Option(names = "--encoding", paramLabel = "ENCODING", description = "shp.zip and csv: UTF-8 (default) or GBK")
    private String encoding;

    @Option(names = "--covered", paramLabel = "BOOLEAN",
        description = "communities, with --category: only those covered (true) or not (false: the unserved)")
    private String covered;

    @Option(names = "--life-circles",
        description = "communities: add each level's life circle (complete, score, missing) in --mode and --status")
    private boolean lifeCircles;

    Export(CommandContext context) {
      this.context = context;
    }

    Path outputFile() {
      return context.file(out == null ? name : out);
    }

    @Override
    public Integer call() throws Exception {
      LinliConfig config = context.config();
      ExportFile target = ExportFile.parse(name).orElseThrow(() -> new CommandFailure("no export " + name
          + ": layers " + String.join(", ", ExportLayer.ids()) + "; formats "
          + String.join(", ", ExportFormat.extensions())));
      ExportParameters parameters = new ExportParameters(crs, category, district, status, distance, mode, encoding,
          lifeCircles ? "true" : null, covered);
      List<Violation> mistakes = parameters.check(target); // before starting a database
      if (!mistakes.isEmpty()) {
        // Options are spelt with hyphens (--life-circles) where parameters have underscores.
        throw new CommandFailure("--" + mistakes.get(0).field().replace('_', '-') + ": " + mistakes.get(0).message());
      }
      Path file = outputFile();
      PrintWriter out = spec.commandLine().getOut();
      Main.withDatabase(config, db -> {
        var exporter = new LayerExporter(db.dataSource());
        // Read against the registry: a coverage question's default distance is its category's.
        var parsed = parameters.toQuery(target, exporter.registry());
        if (!parsed.ok()) {
          throw new CommandFailure("--" + parsed.violations().get(0).field() + ": " + parsed.violations().get(0).message());
        }
        var query = parsed.query();
        var problems = exporter.check(query);
        if (!problems.isEmpty()) {
          throw new CommandFailure("--" + problems.get(0).field() + ": " + problems.get(0).message());
        }
        long started = System.nanoTime();
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (var stream = new BufferedOutputStream(Files.newOutputStream(partial))) {
          long n = exporter.export(query, target.format(), stream);
          stream.close();
          Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
          out.printf("%s: %,d features in %.1f s%n", file, n, seconds(started));
        } catch (UnwritableValueException e) {
          throw new CommandFailure(e.getMessage());
        } finally {
          Files.deleteIfExists(partial);
        }
      });
      return 0;
    }
  }
}
