package linli.registry.testing;

import linli.registry.Database;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own migrated PostGIS database (a template copy), dropped after the
 * class. Inject {@link Database} into a constructor, a {@code @BeforeAll} or a test method.
 */
public final class PostgisExtension implements BeforeAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgisExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    database(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Database.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context);
  }

  private static Database database(ExtensionContext context) {
    ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
        ? context.getParent().orElse(context) : context;
    return classContext.getStore(NS).getOrComputeIfAbsent("db", key -> {
      TestPostgis server = TestPostgis.get();
      String url = server.createMigratedDatabase(classContext.getRequiredTestClass().getSimpleName());
      return new ClassDatabase(server, url, Database.connect(url));
    }, ClassDatabase.class).database();
  }

  private record ClassDatabase(TestPostgis server, String url, Database database) implements AutoCloseable {
    @Override
    public void close() {
      database.close();
      server.dropDatabase(url);
    }
  }
}
