package linli.registry.transfer.write;

import linli.registry.catalog.ValueType;

/**
 * One attribute of an exported layer: its property name (the contract's name, used by every format
 * but the Shapefile), its Shapefile name (at most 10 characters, the dBase limit) and its type.
 */
public record ExportField(String name, String shortName, ValueType type) {
  public ExportField {
    if (shortName.length() > 10 || !shortName.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a dBase field name: " + shortName);
    }
  }

  static ExportField of(String name, ValueType type) {
    return new ExportField(name, name, type);
  }
}
