"""Pure, typed library for TETT PÅ: instruments, scoring, aggregation and exports."""
