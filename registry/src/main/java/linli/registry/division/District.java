package linli.registry.division;

/** A district as listed for choosing: code, name, and how many communities and people it has. */
public record District(String code, String name, int communities, long population) {}
