package linli.registry.transfer.read;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import crosby.binary.BinaryParser;
import crosby.binary.Fileformat;
import crosby.binary.Osmformat;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import linli.registry.transfer.ImportFileException;

/**
 * Reads the blocks of an OpenStreetMap PBF file (osmpbf's fileformat.proto) and hands each data
 * block to an osmpbf {@link BinaryParser}. The framing is done here rather than by osmpbf's
 * BlockInputStream, which takes a file cut off inside a block for a complete one and allocates
 * whatever size a corrupt block claims; here anything but a clean end is an {@link ImportFileException}.
 */
final class PbfBlocks {
  /** The format's own limits on a block's header and body. */
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_BLOB_BYTES = 32 * 1024 * 1024;
  private static final Set<String> READABLE_FEATURES = Set.of("OsmSchema-V0.6", "DenseNodes");

  private PbfBlocks() {}

  /** Parses every data block of {@code file} with {@code parser}, in file order. */
  static void parse(Path file, BinaryParser parser) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      boolean first = true;
      for (int headerLength = nextHeaderLength(in); headerLength >= 0; headerLength = nextHeaderLength(in)) {
        if (headerLength == 0 || headerLength > MAX_HEADER_BYTES) {
          throw unreadable("a block header claims " + headerLength + " bytes");
        }
        Fileformat.BlobHeader header = Fileformat.BlobHeader.parseFrom(bytes(in, headerLength));
        if (header.getDatasize() < 0 || header.getDatasize() > MAX_BLOB_BYTES) {
          throw unreadable("a block claims " + header.getDatasize() + " bytes");
        }
        Fileformat.Blob blob = Fileformat.Blob.parseFrom(bytes(in, header.getDatasize()));
        if (first && !header.getType().equals("OSMHeader")) {
          throw unreadable("it does not start with an OSMHeader block");
        }
        first = false;
        switch (header.getType()) {
          case "OSMHeader" -> checkFeatures(Osmformat.HeaderBlock.parseFrom(data(blob)));
          case "OSMData" -> parse(parser, Osmformat.PrimitiveBlock.parseFrom(data(blob)));
          default -> { } // the format lets writers add block types that readers skip
        }
      }
      if (first) {
        throw unreadable("it holds no blocks");
      }
    } catch (InvalidProtocolBufferException e) {
      throw unreadable("a block is not what the format describes (" + e.getMessage() + ")");
    }
  }

  private static void parse(BinaryParser parser, Osmformat.PrimitiveBlock block) {
    try {
      parser.parse(block);
    } catch (IndexOutOfBoundsException e) {
      throw unreadable("a block refers to strings or values it does not hold");
    }
  }

  /** The next block's header length, or -1 at the end of the file (only there, not inside a block). */
  private static int nextHeaderLength(DataInputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      return -1;
    }
    byte[] rest = bytes(in, 3);
    return b << 24 | (rest[0] & 0xFF) << 16 | (rest[1] & 0xFF) << 8 | rest[2] & 0xFF;
  }

  private static byte[] bytes(DataInputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw unreadable("it ends inside a block (cut off in the download or upload?)");
    }
    return b;
  }

  private static void checkFeatures(Osmformat.HeaderBlock header) {
    for (String feature : header.getRequiredFeaturesList()) {
      if (!READABLE_FEATURES.contains(feature)) {
        throw new ImportFileException("the OpenStreetMap file needs " + feature + ", which Linli cannot read"
            + " (a history file?); use a plain extract of current data");
      }
    }
  }

  private static ByteString data(Fileformat.Blob blob) {
    return switch (blob.getDataCase()) {
      case RAW -> blob.getRaw();
      case ZLIB_DATA -> inflate(blob.getZlibData(), blob.getRawSize());
      case DATA_NOT_SET -> throw unreadable("a block holds no data");
      default -> throw new ImportFileException("the OpenStreetMap file is compressed with "
          + blob.getDataCase().name().toLowerCase(Locale.ROOT).replace("_data", "") + ", which Linli cannot read;"
          + " recompress it with zlib, e.g. osmium cat in.osm.pbf -o out.osm.pbf");
    };
  }

  private static ByteString inflate(ByteString compressed, int rawSize) {
    if (rawSize < 0 || rawSize > MAX_BLOB_BYTES) {
      throw unreadable("a block claims to unpack to " + rawSize + " bytes");
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(compressed.toByteArray());
      byte[] out = new byte[rawSize];
      int n = inflater.inflate(out);
      if (n != rawSize || !inflater.finished()) {
        throw unreadable("a block does not unpack to the size it declares");
      }
      return UnsafeByteOperations.unsafeWrap(out); // ours alone, so no copy
    } catch (DataFormatException e) {
      throw unreadable("a block does not unpack (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
  }

  private static ImportFileException unreadable(String why) {
    return new ImportFileException("this is not a readable OpenStreetMap .osm.pbf file: " + why);
  }
}
