// protoc-gen-pbcswift: a protoc plugin writing our Swift types for messages compiled by protoc-c.
//
//   protoc --plugin=protoc-gen-pbcswift=<this> --pbcswift_out=<dir> --pbcswift_opt=messages|services|json …
//
// "messages" writes <path>.pb.swift (value types + protobuf-c conversions) for every file;
// "services" writes <path>.rpc.swift (server protocol + client) for files with services;
// "json" writes <path>.json.swift (Codable + OpenAPI schemas) for every file, and
// ProtoJSONSchemas+All.swift joining the files' schemas.
#if canImport(Glibc)
import Glibc
#endif

func readStandardInput() -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = read(0, &chunk, chunk.count)
        if count <= 0 { break }
        bytes += chunk[0..<count]
    }
    return bytes
}

func writeStandardOutput(_ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        if written <= 0 { exit(1) }
        offset += written
    }
}

let request = try CodeGeneratorRequest(readStandardInput())
let index = TypeIndex(request.files)
var outputs: [(name: String, content: String)] = []
var registryNames: [String] = []
for file in request.files where request.filesToGenerate.contains(file.name) {
    let stem = file.name.hasSuffix(".proto") ? String(file.name.dropLast(6)) : file.name
    let flatName = stem.split(separator: "/").joined(separator: "_")
    switch request.parameter {
    case "services":
        if !file.services.isEmpty {
            outputs.append((flatName + ".rpc.swift", ServiceEmitter(index: index).emit(file)))
        }
    case "json":
        var emitter = JSONEmitter(index: index)
        outputs.append((flatName + ".json.swift", emitter.emit(file, registryName: flatName)))
        registryNames.append(flatName)
    default:
        var emitter = MessageEmitter(index: index)
        outputs.append((flatName + ".pb.swift", emitter.emit(file)))
    }
}
if request.parameter == "json" {
    outputs.append(("ProtoJSONSchemas+All.swift", JSONEmitter.emitAll(registryNames: registryNames)))
}
writeStandardOutput(CodeGeneratorResponse.encode(files: outputs, error: nil))
