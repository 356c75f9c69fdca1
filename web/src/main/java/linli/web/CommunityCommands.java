package linli.web;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import linli.registry.transfer.CommunityRetirement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linli retire-community CODE...}: codes that statistics no longer issue. */
final class CommunityCommands {
  private CommunityCommands() {}

  @Command(name = "retire-community", mixinStandardHelpOptions = true,
      description = {"Retires community codes no longer issued (merged, renamed, split), against LINLI_DB_URL or"
          + " the project-local cluster: their facilities move to the community their point lies in among those"
          + " that stay, and the codes leave the registry. Every version of each stays in community_history.",
          "Import the communities that replace them first."})
  static final class Retire implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CODE", arity = "1..*", description = "12-digit community codes")
    private List<String> codes;

    @Option(names = "--dry-run", description = "say what would happen, change nothing")
    private boolean dryRun;

    Retire(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      for (String code : codes) {
        if (!code.matches("[0-9]{12}")) {
          throw new CommandFailure("'" + code + "' is not a 12-digit community code");
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      Main.withDatabase(context.config(), db -> {
        CommunityRetirement.Report r = new CommunityRetirement(db.dataSource())
            .retire(codes, "cli:" + System.getProperty("user.name"), dryRun);
        out.printf("%s: %d retired (%s), %,d facilities moved%n",
            r.committed() ? "committed" : "dry run, nothing changed", r.retired().size(),
            String.join(", ", r.retired()), r.facilitiesMoved());
        if (!r.unknown().isEmpty()) {
          out.println("  not registered, nothing done: " + String.join(", ", r.unknown()));
        }
      });
      return 0;
    }
  }
}
