-- Roads keep no history: a source's roads are deleted (importing the source again brings them back).
DELETE FROM road WHERE source = :source
