package linli.web;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import linli.registry.access.Role;
import linli.registry.access.TokenStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code linli token create|list|revoke}: API tokens, on LINLI_DB_URL or the project-local cluster. */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Makes, lists and revokes API tokens (a token is shown once, stored hashed).",
    subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Revoke.class})
final class TokenCommands implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: create, list or revoke");
  }

  private static String by() {
    return "cli:" + System.getProperty("user.name");
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Makes a token and prints it once.")
  static final class Create implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "who the token is for")
    private String name;

    @Option(names = "--role", paramLabel = "ROLE", required = true, description = "viewer, editor or admin")
    private String role;

    @Option(names = "--categories", paramLabel = "CODES",
        description = "comma-separated categories an editor may change (default: all)")
    private String categories;

    @Option(names = "--districts", paramLabel = "CODES",
        description = "comma-separated district codes, e.g. 370202 (default: all)")
    private String districts;

    Create(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      LinliConfig config = context.config();
      Role role = Role.parse(this.role).orElse(null);
      if (name.isBlank() || role == null) {
        throw new CommandFailure("token create needs --name NAME and --role viewer|editor|admin");
      }
      PrintWriter out = spec.commandLine().getOut();
      Main.withDatabase(config, db -> {
        TokenStore.Created created = new TokenStore(db.dataSource()).create(name, role, list(categories),
            list(districts), by());
        out.println("Token " + created.info().id() + " (" + role.code() + ") created. It is shown only now:");
        out.println(created.token());
      });
      return 0;
    }

    private static List<String> list(String csv) {
      return csv == null || csv.isBlank() ? null : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every token, revoked ones too.")
  static final class ListTokens implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    ListTokens(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      LinliConfig config = context.config();
      PrintWriter out = spec.commandLine().getOut();
      Main.withDatabase(config, db -> {
        for (TokenStore.TokenInfo t : new TokenStore(db.dataSource()).list()) {
          out.printf("%4d  %-20s %-7s categories=%s districts=%s created=%s%s%n", t.id(), t.name(), t.role(),
              t.categories() == null ? "all" : String.join(",", t.categories()),
              t.districts() == null ? "all" : String.join(",", t.districts()), t.createdAt(),
              t.revokedAt() == null ? "" : "  REVOKED " + t.revokedAt());
        }
      });
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token (see: linli token list).")
  static final class Revoke implements Callable<Integer> {
    private final CommandContext context;
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "the token's id")
    private String id;

    Revoke(CommandContext context) {
      this.context = context;
    }

    @Override
    public Integer call() throws Exception {
      LinliConfig config = context.config();
      if (!id.matches("[0-9]+")) {
        throw new CommandFailure("token revoke needs the token's id (see: linli token list)");
      }
      PrintWriter out = spec.commandLine().getOut();
      Main.withDatabase(config, db -> {
        if (!new TokenStore(db.dataSource()).revoke(Long.parseLong(id), by())) {
          throw new CommandFailure("no live token " + id);
        }
        out.println("Token " + id + " revoked.");
      });
      return 0;
    }
  }
}
