package linli.web;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import linli.data.QingdaoDivisions;
import linli.registry.division.DivisionRegister;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code linli divisions CITY}: a city's real divisions registered, nothing synthetic. */
@Command(name = "divisions", mixinStandardHelpOptions = true,
    description = "Registers a city's official divisions (districts with outlines, streets, committees by code and"
        + " name) into LINLI_DB_URL or the project-local cluster; a second run changes nothing.",
    subcommands = {DivisionCommands.Qingdao.class})
final class DivisionCommands implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing city: qingdao");
  }

  @Command(name = "qingdao", mixinStandardHelpOptions = true,
      description = {"Registers Qingdao's districts (with their outlines), its 141 streets and its 2,120 community"
          + " and village committees (codes and names, in the committee register). No communities, facilities"
          + " or roads.",
          "A community file with these codes then imports with the registered names (see docs/DATA.md)."})
  static final class Qingdao implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    Qingdao(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      DivisionRegister.Divisions divisions = QingdaoDivisions.read();
      Main.withDatabase(context.config(), db -> {
        DivisionRegister.Report report = new DivisionRegister(db.dataSource()).register(divisions);
        print(out, "districts", report.districts());
        print(out, "streets", report.streets());
        print(out, "committees", report.committees());
      });
      return 0;
    }

    private static void print(PrintWriter out, String what, DivisionRegister.Counts counts) {
      out.printf("%s: %,d inserted, %,d updated, %,d unchanged%n", what, counts.inserted(), counts.updated(),
          counts.unchanged());
    }
  }
}
