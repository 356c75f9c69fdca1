package linli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The map page names every module of js/ for the browser to fetch beside app.js (modulepreload):
 * a module left out still works, but is fetched only once the module importing it has been, an
 * import level later (the cold opening waited for those levels one after another).
 */
class PagePreloadTest {
  private static final Path PUBLIC = Path.of("src/main/resources/public");

  @Test
  void everyModuleIsPreloadedAndEveryPreloadIsAModule() throws IOException {
    List<String> modules;
    try (Stream<Path> files = Files.list(PUBLIC.resolve("js"))) {
      modules = files.map(f -> "js/" + f.getFileName()).filter(n -> n.endsWith(".js")).sorted().toList();
    }
    Matcher preload = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">")
        .matcher(Files.readString(PUBLIC.resolve("index.html")));
    List<String> preloaded = preload.results().map(m -> m.group(1)).sorted().toList();
    assertThat(modules).isNotEmpty();
    assertThat(preloaded).isEqualTo(modules);
  }
}
