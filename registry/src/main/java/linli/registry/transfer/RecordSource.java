package linli.registry.transfer;

import java.io.IOException;

/**
 * Opens the records of one upload, from the start each time: the facility import may read a file
 * twice (see {@link FacilityImporter}).
 */
@FunctionalInterface
public interface RecordSource {
  RecordReader open() throws IOException;
}
