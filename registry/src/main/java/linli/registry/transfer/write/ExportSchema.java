package linli.registry.transfer.write;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import linli.registry.crs.CoordinateSystem;

/**
 * What a {@link FeatureWriter} is about to receive: the layer, its attributes (the layer's own,
 * plus covered/nearest_m when a coverage question was asked), the CRS of the geometry, and the
 * encoding of text where a format lets the user choose it (a Shapefile's DBF, a CSV; UTF-8 otherwise).
 */
public record ExportSchema(ExportLayer layer, CoordinateSystem crs, List<ExportField> fields, Charset textEncoding) {
  public ExportSchema {
    fields = List.copyOf(fields);
    textEncoding = textEncoding == null ? StandardCharsets.UTF_8 : textEncoding;
  }

  public ExportSchema(ExportLayer layer, CoordinateSystem crs) {
    this(layer, crs, layer.fields(), StandardCharsets.UTF_8);
  }

  public ExportLayer.Geometry geometry() {
    return layer.geometry();
  }

  /** CSV and XLSX: whether the location columns follow the attributes. */
  public boolean locationColumns() {
    return layer.hasLocationColumns();
  }
}
