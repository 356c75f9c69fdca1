package linli.web.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import linli.registry.category.Category;
import linli.registry.coverage.CoverageChanges;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.lifecircle.LifeCircle;
import linli.registry.lifecircle.LifeCircleSummary;
import linli.registry.report.DistrictReport;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Lays a {@link DistrictReport} out as an A4 PDF, labels in Chinese and English: the title and the
 * question, the map with its legend, coverage by category, life circles, the change since the
 * chosen instant, and every unserved community, most residents first (the table runs onto as many
 * pages as it needs, its header repeated).
 */
public final class DistrictReportPdf {
  /** Changed communities listed by name; the counts cover the rest. */
  static final int CHANGED_LISTED = 20;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(CoverageQuestion.ZONE);
  private static final float MAP_HEIGHT = 360;

  private final ReportFont font;

  public DistrictReportPdf(ReportFont font) {
    this.font = font;
  }

  /** The report as PDF bytes; one at a time per font (see {@link ReportFont#load}). */
  public byte[] write(DistrictReport report) throws IOException {
    synchronized (font) {
      return layOut(report);
    }
  }

  private byte[] layOut(DistrictReport report) throws IOException {
    try (PDDocument document = new PDDocument()) {
      PDDocumentInformation info = document.getDocumentInformation();
      info.setTitle(report.districtName() + " 社区服务设施报告 District report");
      info.setCreator("Linli");
      Map<String, Category> categories = new HashMap<>();
      report.coverage().forEach(c -> categories.put(c.category().code(), c.category()));
      try (PdfPages pages = new PdfPages(document, font.load(document))) {
        pages.newPage();
        title(pages, report);
        map(pages, report);
        coverage(pages, report);
        lifeCircles(pages, report, categories);
        changes(pages, report);
        unserved(pages, report);
        pages.numberPages(report.districtName() + " (" + report.districtCode() + ") · Linli");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      document.save(out);
      return out.toByteArray();
    }
  }

  private static void title(PdfPages pages, DistrictReport r) throws IOException {
    Category c = r.category();
    pages.line(r.districtName() + " 社区服务设施覆盖报告", 18, PdfPages.INK);
    pages.line("District report: " + r.districtName() + " (" + r.districtCode() + ")", 11, PdfPages.INK);
    pages.down(2);
    pages.line("类别 Category: " + c.nameZh() + " / " + c.nameEn() + " · 步行距离 Walking distance: "
        + metres(r.distanceM()) + " m · " + mode(r.mode()) + " · 状态 Status: " + String.join(", ", r.statuses()),
        8.5f, PdfPages.MUTED);
    pages.line("截至 As of: " + WHEN.format(r.at()) + " · 变化自 Change since: " + WHEN.format(r.since())
        + " (Asia/Shanghai)", 8.5f, PdfPages.MUTED);
  }

  private static void map(PdfPages pages, DistrictReport r) throws IOException {
    pages.down(6);
    float top = pages.y();
    boolean drawn = MapDrawing.draw(pages, r.map(), PdfPages.MARGIN, top - MAP_HEIGHT, PdfPages.WIDTH, MAP_HEIGHT);
    if (!drawn) {
      pages.text("此区没有可绘制的边界或社区 The district has no boundary or community to draw",
          PdfPages.MARGIN + 10, top - 20, 9, PdfPages.MUTED);
    }
    pages.down(MAP_HEIGHT + 12);
    float x = PdfPages.MARGIN;
    float y = pages.y();
    x = swatch(pages, x, y, MapDrawing.COVERED, "已覆盖 Covered");
    x = swatch(pages, x, y, MapDrawing.UNCOVERED, "未覆盖 Not covered");
    x = swatch(pages, x, y, MapDrawing.FACILITY, c(r).nameZh() + " " + c(r).nameEn());
    pages.content().setStrokingColor(MapDrawing.BOUNDARY);
    pages.content().setLineWidth(1.4f);
    pages.content().moveTo(x, y + 3);
    pages.content().lineTo(x + 14, y + 3);
    pages.content().stroke();
    pages.text("区界 District boundary", x + 18, y, 8, PdfPages.INK);
    pages.down(6);
    DistrictReport.CategoryCoverage chosen = r.coverage().stream()
        .filter(line -> line.category().code().equals(r.category().code())).findFirst().orElseThrow();
    pages.line("覆盖人口 Residents covered: " + count(chosen.population().covered()) + " / "
        + count(chosen.population().total()) + " (" + share(chosen.population().share()) + ") · 未覆盖社区"
        + " Unserved communities: " + chosen.unserved() + " / " + chosen.communities().total(), 10, PdfPages.INK);
  }

  private static Category c(DistrictReport r) {
    return r.category();
  }

  private static float swatch(PdfPages pages, float x, float y, Color colour, String label) throws IOException {
    pages.content().setNonStrokingColor(colour);
    pages.content().addRect(x, y - 1, 10, 8);
    pages.content().fill();
    pages.text(label, x + 14, y, 8, PdfPages.INK);
    return x + 14 + pages.width(label, 8) + 16;
  }

  private static final float[] COVERAGE_COLUMNS = {42, 180, 232, 318, 420, 478, 553};
  private static final boolean[] COVERAGE_RIGHT = {false, true, true, true, true, true};

  private static void coverage(PdfPages pages, DistrictReport r) throws IOException {
    pages.heading("各类设施覆盖 Coverage by category", 40);
    String[] header = {"类别 Category", "距离 m", "覆盖社区 Covered", "覆盖人口 Residents", "占比 Share",
        "未覆盖 Unserved"};
    pages.row(COVERAGE_COLUMNS, COVERAGE_RIGHT, header, 8, PdfPages.MUTED);
    for (DistrictReport.CategoryCoverage line : r.coverage()) {
      boolean chosen = line.category().code().equals(r.category().code());
      pages.row(COVERAGE_COLUMNS, COVERAGE_RIGHT, new String[] {
          line.category().nameZh() + (chosen ? " ◆" : ""), metres(line.distanceM()),
          line.communities().covered() + " / " + line.communities().total(),
          count(line.population().covered()) + " / " + count(line.population().total()),
          share(line.population().share()), Integer.toString(line.unserved())}, 8.5f, PdfPages.INK);
    }
    pages.line("◆ 所选类别，按所选距离；其他类别按各自的默认步行距离。 The chosen category at the chosen distance;"
        + " the others at their default walking distance.", 7.5f, PdfPages.MUTED);
  }

  private static final float[] CIRCLE_COLUMNS = {42, 150, 230, 350, 460, 553};
  private static final boolean[] CIRCLE_RIGHT = {false, true, true, true, true};

  private static void lifeCircles(PdfPages pages, DistrictReport r, Map<String, Category> categories)
      throws IOException {
    pages.heading("生活圈 Life circles (GB 50180-2018)", 40);
    LifeCircleSummary.Area district = r.lifeCircles().district();
    pages.row(CIRCLE_COLUMNS, CIRCLE_RIGHT, new String[] {"生活圈 Level", "距离 m", "完整社区 Complete",
        "完整人口 Residents", "占比 Share"}, 8, PdfPages.MUTED);
    for (LifeCircle level : r.lifeCircles().levels()) {
      LifeCircleSummary.LevelShare s = district.circles().stream().filter(l -> l.level() == level.level())
          .findFirst().orElse(new LifeCircleSummary.LevelShare(level.level(), 0, 0, 0));
      pages.row(CIRCLE_COLUMNS, CIRCLE_RIGHT, new String[] {level.level() + " 分钟 minutes", metres(level.distanceM()),
          s.communitiesComplete() + " / " + district.communities(),
          count(s.populationComplete()) + " / " + count(district.population()), share(s.share())}, 8.5f, PdfPages.INK);
    }
    List<LifeCircleSummary.Missing> missed = r.lifeCircles().mostMissing().stream()
        .filter(m -> m.population() > 0).limit(5).toList();
    if (!missed.isEmpty()) {
      pages.down(4);
      pages.line("最常缺少 Most missed:", 8.5f, PdfPages.INK);
      for (LifeCircleSummary.Missing m : missed) {
        Category c = categories.get(m.category());
        String name = c == null ? m.category() : c.nameZh() + " " + c.nameEn();
        pages.line("  " + m.level() + " 分钟 min · " + name + ": " + m.communities() + " 个社区 communities, "
            + count(m.population()) + " 人 residents", 8.5f, PdfPages.INK);
      }
    }
  }

  private static void changes(PdfPages pages, DistrictReport r) throws IOException {
    CoverageChanges ch = r.changes();
    pages.heading("变化 Change since " + WHEN.format(r.since()) + " · " + r.category().nameZh(), 60);
    long before = ch.before().population().covered();
    long after = ch.after().population().covered();
    pages.line("覆盖人口 Residents covered: " + count(before) + " → " + count(after) + " (" + signed(after - before)
        + ")", 9, PdfPages.INK);
    pages.line("新覆盖社区 Communities gained: " + ch.gained().size() + " (" + signed(ch.populationGained())
        + " 人 residents) · 失去覆盖 lost: " + ch.lost().size() + " (" + signed(-ch.populationLost())
        + " 人 residents)", 9, PdfPages.INK);
    pages.line("设施 Facilities: 新增 added " + ch.facilitiesAdded().size() + " · 移除 removed "
        + ch.facilitiesRemoved().size() + " · 迁移 moved " + ch.facilitiesMoved().size(), 9, PdfPages.INK);
    List<CoverageChanges.Community> listed = ch.communities().stream().limit(CHANGED_LISTED).toList();
    for (CoverageChanges.Community c : listed) {
      boolean gained = c.change().equals(CoverageChanges.GAINED);
      pages.line("  " + (gained ? "+ 新覆盖 gained " : "− 失去 lost ") + c.name() + " (" + c.code() + ") "
          + count(gained ? c.populationTo() : c.populationFrom()) + " 人 residents", 8.5f, PdfPages.INK);
    }
    if (ch.communities().size() > listed.size()) {
      pages.line("  … 另 " + (ch.communities().size() - listed.size()) + " 个 more", 8.5f, PdfPages.MUTED);
    }
  }

  private static final float[] UNSERVED_COLUMNS = {42, 70, 150, 270, 380, 460, 553};
  private static final boolean[] UNSERVED_RIGHT = {true, false, false, false, true, true};
  private static final String[] UNSERVED_HEADER = {"#", "代码 Code", "名称 Name", "街道 Street", "人口 Residents",
      "最近 Nearest m"};

  private static void unserved(PdfPages pages, DistrictReport r) throws IOException {
    pages.heading("未覆盖社区（按人口） Unserved communities by population · " + r.category().nameZh(), 40);
    if (r.unserved().isEmpty()) {
      pages.line("每个社区都已覆盖。 Every community is covered.", 9, PdfPages.INK);
      return;
    }
    pages.row(UNSERVED_COLUMNS, UNSERVED_RIGHT, UNSERVED_HEADER, 8, PdfPages.MUTED);
    int rank = 0;
    for (DistrictReport.Unserved u : r.unserved()) {
      if (!pages.fits(8.5f * 1.6f)) {
        pages.newPage();
        pages.row(UNSERVED_COLUMNS, UNSERVED_RIGHT, UNSERVED_HEADER, 8, PdfPages.MUTED);
      }
      rank++;
      pages.row(UNSERVED_COLUMNS, UNSERVED_RIGHT, new String[] {Integer.toString(rank), u.code(), u.name(),
          u.street() == null ? "" : u.street(), count(u.population()),
          u.nearestM() == null ? "不可达 unreachable" : metres(u.nearestM())}, 8.5f, PdfPages.INK);
    }
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String signed(long n) {
    return (n > 0 ? "+" : n < 0 ? "−" : "±") + count(Math.abs(n));
  }

  /** A share (0..1, four decimals) as a percentage with one decimal. */
  static String share(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String metres(double m) {
    return m == Math.rint(m) ? count((long) m) : String.format(Locale.ROOT, "%,.1f", m);
  }

  private static String mode(String code) {
    return "network".equals(code) ? "沿路步行 along the roads" : "直线 straight line";
  }

  /** When the report describes, as printed. */
  static String when(Instant instant) {
    return WHEN.format(instant);
  }
}
