package linli.web;

/** Next-page links: the request's own URL with another offset. */
final class Paging {
  private Paging() {}

  static String withOffset(String url, long offset) {
    String base = url.replaceAll("([?&])offset=[^&]*&?", "$1").replaceAll("[?&]$", "");
    return base + (base.contains("?") ? "&" : "?") + "offset=" + offset;
  }

  /** The URL of the next page: the same request with this (effective) limit and the next offset. */
  static String next(String url, int limit, long offset) {
    String base = url.replaceAll("([?&])(offset|limit)=[^&]*", "$1").replaceAll("&{2,}", "&")
        .replaceAll("\\?&", "?").replaceAll("[?&]$", "");
    return base + (base.contains("?") ? "&" : "?") + "limit=" + limit + "&offset=" + offset;
  }
}
