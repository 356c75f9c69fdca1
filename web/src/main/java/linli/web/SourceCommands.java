package linli.web;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import linli.registry.access.Principal;
import linli.registry.facility.SourceRemover;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linli remove-source SOURCE}: DELETE /api/sources/{source} as a command. */
@Command(name = "remove-source", mixinStandardHelpOptions = true,
    description = {"Removes everything of SOURCE in one transaction, against LINLI_DB_URL or the project-local"
        + " cluster: its facilities are soft-deleted (their history keeps a delete version, they can be restored),"
        + " its roads deleted.",
        "E.g. ./linli remove-source demo takes the demo's facilities and roads away."})
final class SourceCommands implements Callable<Integer> {
  private final CommandContext context;
  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "SOURCE", description = "the source the facilities and roads were imported with")
  private String source;

  SourceCommands(CommandContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Main.withDatabase(context.config(), db -> {
      SourceRemover.Removed removed = new SourceRemover(db.dataSource())
          .remove(source, Principal.admin("cli:" + System.getProperty("user.name")));
      out.printf("source %s: %,d facilities deleted (kept in their history), %,d roads deleted%n",
          removed.source(), removed.facilities(), removed.roads());
    });
    return 0;
  }
}
