package linli.registry.transfer;

/** The CRS an upload is read in: the request's, else the file's declaration, else EPSG:4326. */
final class ImportCrs {
  private ImportCrs() {}

  static SourceCrs of(ImportRequest request, RecordReader reader) {
    if (request.crs() != null) {
      return request.crs();
    }
    String declared = reader.declaredCrs();
    if (declared == null) {
      return SourceCrs.WGS84;
    }
    return SourceCrs.parse(declared).orElseThrow(() ->
        new ImportFileException("the file declares " + declared + ", which Linli cannot convert; give crs="));
  }
}
