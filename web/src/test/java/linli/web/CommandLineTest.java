package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's parsing, without a database: what is refused, what --help says, where files go. */
class CommandLineTest {
  /** Unreachable, so that a command which got past its checks fails fast instead of starting a cluster. */
  private static final Map<String, String> ENV = Map.of("LINLI_DB_URL", "jdbc:postgresql://127.0.0.1:1/none");

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, ENV, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aMisspeltOptionIsAnErrorThatNamesIt() {
    Run r = run("export", "x.geojson", "--crss", "EPSG:4549");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("linli export: unknown option '--crss'").contains("--help");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theReportedCommandIsRefusedNamingBothMistakes() {
    Run r = run("export", "facilities.geojson", "--crss", "EPSG:4549", "--categry", "emergency_shelter");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("linli export: unknown options '--crss', '--categry'")
        .contains("Possible solutions: --crs");
  }

  @Test
  void everyCommandRefusesUnknownOptionsAndArguments() {
    Map<List<String>, String> mistakes = Map.of(
        List.of("demo", "--port", "1"), "--port",
        List.of("serve", "--verbose"), "--verbose",
        List.of("token", "list", "--all"), "--all",
        List.of("token", "create", "--name", "n", "--role", "viewer", "--rol", "x"), "--rol",
        List.of("token", "revoke", "3", "4"), "'4'",
        List.of("import", "a.csv", "--dryrun"), "--dryrun",
        List.of("backup", "a.dump", "--replace"), "--replace",
        List.of("restore", "a.dump", "--replce"), "--replce",
        List.of("exprt", "roads.csv"), "exprt");
    mistakes.forEach((args, named) -> {
      Run r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(args.toString()).contains(named);
      assertThat(r.out()).as(args.toString()).isEmpty();
    });
  }

  @Test
  void missingArgumentsAreUsageErrors() {
    assertThat(run("import").code()).isEqualTo(2);
    assertThat(run("export").code()).isEqualTo(2);
    assertThat(run("backup").code()).isEqualTo(2);
    assertThat(run("token").err()).contains("create, list or revoke");
    assertThat(run("token").code()).isEqualTo(2);
    Run noRole = run("token", "create", "--name", "应急局");
    assertThat(noRole.code()).isEqualTo(2);
    assertThat(noRole.err()).contains("--role");
  }

  @Test
  void valuesAreStillCheckedByTheCommandsWithExitCode1() {
    Run negative = run("export", "communities.csv", "--category", "emergency_shelter", "--distance", "-5");
    assertThat(negative.code()).as(negative.err()).isEqualTo(1);
    assertThat(negative.err()).startsWith("linli: --distance");
    Run roads = run("export", "roads.csv", "--district", "市南区");
    assertThat(roads.code()).isEqualTo(1);
    assertThat(roads.err()).startsWith("linli: --district");
    Run layer = run("export", "parks.geojson");
    assertThat(layer.code()).isEqualTo(1);
    assertThat(layer.err()).contains("no export parks.geojson");
    // Life circles are attributes of communities; the option is named as it is spelt.
    Run circles = run("export", "facilities.csv", "--life-circles");
    assertThat(circles.code()).as(circles.err()).isEqualTo(1);
    assertThat(circles.err()).startsWith("linli: --life-circles: life circles are attributes of communities only");
    // Only the communities a coverage question answers can be kept by it.
    Run covered = run("export", "communities.csv", "--covered", "false");
    assertThat(covered.code()).as(covered.err()).isEqualTo(1);
    assertThat(covered.err()).startsWith("linli: --covered: keeps the communities a coverage question answers so");
  }

  @Test
  void everyCommandHasHelp() {
    for (List<String> command : List.of(List.<String>of(), List.of("demo"), List.of("serve"), List.of("token"),
        List.of("token", "create"), List.of("token", "list"), List.of("token", "revoke"), List.of("import"),
        List.of("export"), List.of("backup"), List.of("restore"))) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      Run r = run(args.toArray(String[]::new));
      assertThat(r.code()).as(command + ": " + r.err()).isZero();
      assertThat(r.out()).startsWith(String.join(" ", "Usage: linli", String.join(" ", command)).strip());
      assertThat(r.err()).isEmpty();
    }
    assertThat(run("export", "--help").out()).contains("--crs").contains("--out").contains("--encoding");
    assertThat(run("import", "--help").out()).contains("--dry-run").contains("--skip").contains("--repair");
    assertThat(run("help", "restore").out()).contains("--replace");
    Run bare = run();
    assertThat(bare.code()).isZero();
    assertThat(bare.out()).contains("export").contains("restore");
  }

  @Test
  void printsTheVersion() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("linli ");
  }

  @Test
  void relativeFilesAreTheCallersAndAbsoluteOnesStay(@TempDir Path caller) {
    CommandContext context = new CommandContext(ENV, caller);
    assertThat(this.<TransferCommands.Export>parse(context, "export", "facilities.geojson", "--crs", "EPSG:4549")
        .outputFile()).isEqualTo(caller.resolve("facilities.geojson"));
    assertThat(this.<TransferCommands.Export>parse(context, "export", "roads.kml", "--out", "out/r.kml")
        .outputFile()).isEqualTo(caller.resolve("out/r.kml"));
    Path elsewhere = caller.resolveSibling("elsewhere.csv").toAbsolutePath();
    assertThat(this.<TransferCommands.Export>parse(context, "export", "roads.csv", "--out", elsewhere.toString())
        .outputFile()).isEqualTo(elsewhere);
    assertThat(this.<TransferCommands.Import>parse(context, "import", "../in.csv").file())
        .isEqualTo(caller.getParent().resolve("in.csv"));
    assertThat(this.<BackupCommands.Backup>parse(context, "backup", "linli.dump").file())
        .isEqualTo(caller.resolve("linli.dump"));
    assertThat(this.<BackupCommands.Restore>parse(context, "restore", "linli.dump", "--replace").file())
        .isEqualTo(caller.resolve("linli.dump"));
  }

  @Test
  void theCallersDirectoryComesFromTheLauncherElseTheWorkingDirectory(@TempDir Path caller) {
    assertThat(CommandContext.of(Map.of("LINLI_CALLER_DIR", caller.toString())).callerDir()).isEqualTo(caller);
    assertThat(CommandContext.of(Map.of()).callerDir()).isEqualTo(Path.of("").toAbsolutePath());
  }

  private <T> T parse(CommandContext context, String... args) {
    CommandLine.ParseResult result = Main.commandLine(context).parseArgs(args);
    return result.subcommand().commandSpec().commandLine().getCommand();
  }
}
