package linli.registry.transfer;

/** Progress of a running import, for a job to report while it runs. */
public interface ImportProgress {
  ImportProgress NONE = (read, valid) -> {};

  void rows(long read, long valid);
}
