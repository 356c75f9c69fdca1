package linli.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import linli.registry.coverage.CoverageQuestion;
import linli.registry.division.District;
import linli.registry.report.DistrictReportQuestion;
import linli.registry.report.DistrictReports;
import linli.web.report.DistrictReportPdf;
import linli.web.report.ReportFont;

/** Printable reports: GET /api/reports/districts/{code}.pdf. */
final class ReportHandlers {
  private final Services services;
  private final Auth auth;
  private final DistrictReports reports;
  /** Found on the first report (a server without the font still serves everything else); then kept. */
  private volatile ReportFont font;

  ReportHandlers(Services services, Auth auth) {
    this.services = services;
    this.auth = auth;
    // Stateless over the shared engines (their caches are the coverage analyzer's), so made here.
    this.reports = new DistrictReports(services.database().dataSource(), services.categories(), services.coverage(),
        services.lifeCircles());
  }

  /** ?category&distance&mode&status&since: the district's report as a PDF. */
  void district(Context ctx) throws SQLException, IOException {
    auth.requireReader(ctx);
    String file = ctx.pathParam("file");
    if (!file.endsWith(".pdf")) {
      throw Problem.notFound("no report '" + file + "': ask for /api/reports/districts/{code}.pdf");
    }
    String code = file.substring(0, file.length() - ".pdf".length());
    services.changes().catchUpAll(); // the district list is kept until the change feed announces a change
    District district = services.divisions().districts().stream().filter(d -> d.code().equals(code)).findFirst()
        .orElseThrow(() -> Problem.notFound("no district with code '" + code + "' (see /api/districts)"));
    Map<String, String> values = new QueryParams(ctx).texts(CoverageQuestion.CATEGORY, CoverageQuestion.DISTANCE,
        CoverageQuestion.MODE, CoverageQuestion.STATUS, DistrictReportQuestion.SINCE);
    DistrictReportQuestion.Answer answer = DistrictReportQuestion.parse(district, values,
        CoverageQuestion.Context.of(services.categories(), services.divisions(), services.coverage().history()));
    if (!answer.ok()) {
      throw Problem.invalid(answer.violations());
    }
    byte[] pdf;
    try {
      pdf = new DistrictReportPdf(font()).write(reports.make(answer.question()));
    } catch (ReportFont.Missing e) { // the file was found but holds no usable font: read lazily
      throw new Problem(503, "Report font missing", e.getMessage(), List.of());
    }
    ctx.contentType("application/pdf");
    ctx.header("Content-Disposition", "inline; filename=\"district-" + code + ".pdf\"");
    ctx.result(pdf);
  }

  /** Found and parsed once (about a second): two first reports at once must not each open the file. */
  private synchronized ReportFont font() {
    ReportFont found = font;
    if (found == null) {
      try {
        found = ReportFont.find();
      } catch (ReportFont.Missing e) {
        throw new Problem(503, "Report font missing", e.getMessage(), List.of());
      }
      font = found;
    }
    return found;
  }
}
