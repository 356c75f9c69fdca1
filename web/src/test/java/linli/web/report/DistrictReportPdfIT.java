package linli.web.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageChanges;
import linli.registry.coverage.CoverageReport;
import linli.registry.lifecircle.LifeCircle;
import linli.registry.lifecircle.LifeCircleSummary;
import linli.registry.report.DistrictMap;
import linli.registry.report.DistrictReport;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * The layout alone, over a report made by hand (no database; it needs the installed CJK font, hence
 * an IT): a long list of unserved communities runs onto further pages with its header repeated,
 * and text the font cannot show prints as '?' instead of failing the report.
 */
class DistrictReportPdfIT {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  @Test
  void aLongListRunsOntoFurtherPagesWithItsHeader() throws Exception {
    Category shelter = new Category("emergency_shelter", "应急避难场所", "Emergency shelter", "13", 500, "");
    List<DistrictReport.Unserved> unserved = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      unserved.add(new DistrictReport.Unserved(String.format("370202%06d", i), "社区" + i + (i == 7 ? " \uD83C\uDFE0" : ""),
          "甲街道", 10_000 - i, i % 2 == 0 ? 800.0 + i : null));
    }
    var counts = new CoverageReport.Counts(151, 1);
    var population = new CoverageReport.Population(1_000_000, 20_000, 0.02);
    var totals = new CoverageChanges.Totals(counts, population);
    CoverageChanges changes = new CoverageChanges("emergency_shelter", 500, "straight", "370202",
        Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-06-01T00:00:00Z"), List.of(), List.of(), 0, 0,
        List.of(), List.of(), List.of(), totals, totals, List.of());
    LifeCircle ten = new LifeCircle(10, "10分钟生活圈", 500, List.of("emergency_shelter"), "GB 50180-2018");
    var area = new LifeCircleSummary.Area(null, null, null, 151, 1_000_000,
        List.of(new LifeCircleSummary.LevelShare(10, 1, 20_000, 0.02)));
    var square = GEOMETRY.createPolygon(new Coordinate[] {new Coordinate(0, 4_300_000), new Coordinate(1000, 4_300_000),
        new Coordinate(1000, 4_301_000), new Coordinate(0, 4_301_000), new Coordinate(0, 4_300_000)});
    DistrictMap map = new DistrictMap(square, List.of(new DistrictMap.Area("370202000000", square, false)), List.of());
    DistrictReport report = new DistrictReport("370202", "市南区", shelter, 500, "straight", List.of("open"),
        changes.from(), changes.to(), List.of(new DistrictReport.CategoryCoverage(shelter, 500, counts, population)),
        new DistrictReport.LifeCircles(List.of(ten), area, List.of()), changes, unserved, map);

    // Two documents from one parsed font (as the server makes them): both embed what they use.
    DistrictReportPdf writer = new DistrictReportPdf(ReportFont.find());
    writer.write(report);
    byte[] pdf = writer.write(report);

    try (PDDocument document = Loader.loadPDF(pdf)) {
      int pages = document.getNumberOfPages();
      assertThat(pages).isGreaterThanOrEqualTo(4); // 150 rows of about 60 a page, after the first page's map
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      String text = stripper.getText(document);
      List<String> lines = text.lines().toList();
      int last = -1;
      for (int i = 0; i < unserved.size(); i++) {
        String start = (i + 1) + " " + unserved.get(i).code();
        int at = indexOfLineStarting(lines, start);
        assertThat(at).as(start).isGreaterThan(last);
        last = at;
      }
      assertThat(lines.get(indexOfLineStarting(lines, "8 370202000007"))).contains("社区7 ?");
      assertThat(lines.get(indexOfLineStarting(lines, "2 370202000001"))).contains("不可达 unreachable");
      // The header on the list's first page and on every page it runs onto.
      long headers = lines.stream().filter(l -> l.startsWith("# 代码 Code")).count();
      int firstListPage = 0;
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        if (stripper.getText(document).contains("1 370202000000")) {
          firstListPage = p;
          break;
        }
      }
      assertThat(headers).isEqualTo(pages - firstListPage + 1);
      assertThat(text).contains("第 " + pages + " / " + pages + " 页");
    }
  }

  private static int indexOfLineStarting(List<String> lines, String start) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i;
      }
    }
    throw new AssertionError("no line starts with " + start);
  }
}
