package linli.registry.transfer;

import linli.registry.crs.CoordinateSystem;

/** The CRS an upload is read in: the request's, else the file's declaration, else EPSG:4326. */
final class ImportCrs {
  private ImportCrs() {}

  static CoordinateSystem of(ImportRequest request, RecordReader reader) {
    if (request.crs() != null) {
      return request.crs();
    }
    String declared = reader.declaredCrs();
    if (declared == null) {
      return CoordinateSystem.WGS84;
    }
    return CoordinateSystem.parse(declared, CoordinateSystem.Use.IMPORT).orElseThrow(() ->
        new ImportFileException("the file declares " + declared + ", which Linli cannot convert; give crs="));
  }
}
