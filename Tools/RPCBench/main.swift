enum RPCBenchPlaceholder {}
