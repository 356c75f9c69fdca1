package linli.registry.transfer.write;

import java.util.List;

/** What a {@link FeatureWriter} is about to receive: the layer, its attributes and the CRS of the geometry. */
public record ExportSchema(ExportLayer layer, ExportCrs crs) {
  public List<ExportField> fields() {
    return layer.fields();
  }

  public ExportLayer.Geometry geometry() {
    return layer.geometry();
  }
}
