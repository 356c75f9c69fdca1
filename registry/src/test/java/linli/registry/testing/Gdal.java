package linli.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GDAL's ogrinfo as an independent reader of exported files, for every module's tests: run as a
 * subprocess with a timeout; a missing GDAL fails the test (never skips it).
 */
public final class Gdal {
  private static final Pattern FIELD = Pattern.compile("^([^:()]+): (\\S+?)\\s?\\((\\d+)\\.(\\d+)\\)$");
  private static final Pattern TOP_ID = Pattern.compile("^    ID\\[\"EPSG\",(\\d+)\\]\\]$", Pattern.MULTILINE);
  private static final Pattern FEATURE = Pattern.compile("^OGRFeature\\((.*)\\):(-?\\d+)$");
  private static final Pattern VALUE = Pattern.compile("^  (.+?) \\(([A-Za-z0-9]+(?:\\([A-Za-z0-9]+\\))?)\\) = (.*)$");

  private Gdal() {}

  /** Runs a GDAL tool from /usr/bin; fails when it is missing, fails or takes longer than 120 s. */
  public static String run(String... command) throws IOException, InterruptedException {
    Path exe = Path.of("/usr/bin", command[0]);
    if (!Files.isExecutable(exe)) {
      fail("GDAL's " + command[0] + " is required for this test (apt-get install gdal-bin)");
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.command().set(0, exe.toString());
    Process p = pb.start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish in 120 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      fail(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
    }
    return text;
  }

  /** What {@code ogrinfo -ro -al -so} says about the (first) layer. */
  public record Summary(String text, long featureCount, String geometry, Map<String, String> fieldTypes, Integer epsg) {
    /** Field types as ogrinfo names them ("String", "Integer", "Integer64", "Real", "Date", "DateTime", ...). */
    public String type(String field) {
      return fieldTypes.get(field);
    }
  }

  public static Summary summary(String source, String... options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-al", "-so"));
    cmd.addAll(List.of(options));
    cmd.add(source);
    String text = run(cmd.toArray(String[]::new));
    Matcher count = Pattern.compile("Feature Count: (\\d+)").matcher(text);
    assertThat(count.find()).as("ogrinfo output:\n%s", text).isTrue();
    Matcher geometry = Pattern.compile("(?m)^Geometry: (.+)$").matcher(text);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      Matcher m = FIELD.matcher(line); // "name: String (24.0)"; SRS lines are indented or bracketed
      if (m.matches()) {
        fields.put(m.group(1), m.group(2));
      }
    }
    Integer epsg = null;
    int srs = text.indexOf("Layer SRS WKT:");
    if (srs >= 0) {
      Matcher id = TOP_ID.matcher(text.substring(srs));
      if (id.find()) {
        epsg = Integer.valueOf(id.group(1));
      }
    }
    return new Summary(text, Long.parseLong(count.group(1)), geometry.find() ? geometry.group(1).strip() : null,
        fields, epsg);
  }

  /** One feature as {@code ogrinfo -ro -al} prints it: its FID, field values as text ("(null)" omitted), geometry WKT. */
  public record Feature(long fid, Map<String, String> values, String wkt) {
    public String get(String field) {
      return values.get(field);
    }
  }

  public static List<Feature> features(String source, String... options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ogrinfo", "-ro", "-al"));
    cmd.addAll(List.of(options));
    cmd.add(source);
    String text = run(cmd.toArray(String[]::new));
    List<Feature> out = new ArrayList<>();
    Long fid = null;
    Map<String, String> values = null;
    String wkt = null;
    for (String line : text.split("\n")) {
      Matcher f = FEATURE.matcher(line);
      if (f.matches()) {
        if (fid != null) {
          out.add(new Feature(fid, values, wkt));
        }
        fid = Long.valueOf(f.group(2));
        values = new LinkedHashMap<>();
        wkt = null;
        continue;
      }
      if (fid == null) {
        continue;
      }
      Matcher v = VALUE.matcher(line);
      if (v.matches()) {
        if (!v.group(3).equals("(null)")) {
          values.put(v.group(1), v.group(3));
        }
      } else if (line.matches("^  [A-Z]+( Z| M| ZM)? ?(\\(|EMPTY).*")) {
        wkt = line.strip();
      }
    }
    if (fid != null) {
      out.add(new Feature(fid, values, wkt));
    }
    return out;
  }

  /** The numbers of a WKT, in order. */
  public static double[] numbers(String wkt) {
    Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?(e[-+]?\\d+)?").matcher(wkt);
    List<Double> out = new ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
