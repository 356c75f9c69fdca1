/**
 * The district report's PDF: layout only. The numbers and the map's geometry come from the registry
 * ({@code linli.registry.report.DistrictReports}, which owns the SQL); turning them into pages is
 * presentation, like the Leaflet map, so it lives beside the HTTP layer, and the database module
 * carries neither PDFBox nor a font lookup.
 */
package linli.web.report;
