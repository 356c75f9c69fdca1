package linli.registry.transfer.write;

import java.util.Optional;

/** A requested export file such as {@code facilities.geojson}, {@code communities.shp.zip} or {@code shelters-province.xlsx}. */
public record ExportFile(ExportLayer layer, ExportFormat format) {
  /** The layer and format named by {@code file}; empty when either is unknown. */
  public static Optional<ExportFile> parse(String file) {
    if (file == null) {
      return Optional.empty();
    }
    int dot = file.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    Optional<ExportLayer> layer = ExportLayer.fromId(file.substring(0, dot));
    Optional<ExportFormat> format = ExportFormat.fromExtension(file.substring(dot + 1));
    return layer.isPresent() && format.isPresent()
        ? Optional.of(new ExportFile(layer.get(), format.get())) : Optional.empty();
  }
}
