// Parses an RDF document with a real parser and prints its triples as canonical N-Quads (RDFC-1.0),
// so that Agora's tests can look for exact triples and compare serialisations as sets.
//
//   node rdf-parse.mjs <turtle|jsonld|rdfxml> [url]
//
// The document comes from the URL (fetched; the response's status must be 200) or from stdin.
// Parse errors exit non-zero with the parser's message.
import { Readable } from 'node:stream';
import N3 from 'n3';
import jsonld from 'jsonld';
import { RdfXmlParser } from 'rdfxml-streaming-parser';

const [format, url] = process.argv.slice(2);
const baseIRI = url ?? 'http://agora.invalid/';

async function readInput() {
  if (url) {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    return { text: await response.text(), contentType: response.headers.get('content-type') };
  }
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return { text: Buffer.concat(chunks).toString('utf8'), contentType: null };
}

function toNQuads(quads) {
  return new Promise((resolve, reject) => {
    const writer = new N3.Writer({ format: 'N-Quads' });
    writer.addQuads(quads);
    writer.end((error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function parse(text) {
  switch (format) {
    case 'turtle':
      return new N3.Parser({ format: 'text/turtle', baseIRI }).parse(text);
    case 'jsonld': {
      // safe mode: anything the conversion would drop (a relative IRI, an unknown term) is an error.
      const nquads = await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads', base: baseIRI, safe: true });
      return new N3.Parser({ format: 'N-Quads' }).parse(nquads);
    }
    case 'rdfxml':
      return await new Promise((resolve, reject) => {
        const quads = [];
        const parser = new RdfXmlParser({ baseIRI, strict: true });
        parser.on('data', quad => quads.push(quad));
        parser.on('error', reject);
        parser.on('end', () => resolve(quads));
        Readable.from([text]).pipe(parser);
      });
    default:
      throw new Error(`Unknown format ${format}: use turtle, jsonld or rdfxml`);
  }
}

const { text } = await readInput();
const quads = await parse(text);
const canonical = await jsonld.canonize(await toNQuads(quads), {
  algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads', format: 'application/n-quads',
});
process.stdout.write(canonical);
