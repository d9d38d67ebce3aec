-- Says an instance is alive now (Redis's clock, the same for every instance).
-- KEYS[1] the instances hash. ARGV: instance.
redis.call('HSET', KEYS[1], ARGV[1], nowMs())
return 1
