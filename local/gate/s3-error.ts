/**
 * S3's error responses: an HTTP status and an XML body with `Code`, `Message`,
 * any elements that belong to the code (`ProposedSize`, `ArgumentName` …),
 * then `RequestId` and `HostId`.
 */

/** An element that S3 adds to an error body after `Message`. */
export type ErrorElement = [name: string, value: string];

/** An error that the gate returns in S3's wire format. */
export class S3Error extends Error {
  readonly status: number;
  readonly code: string;
  readonly elements: ErrorElement[];

  constructor(
    status: number,
    code: string,
    message: string,
    elements: ErrorElement[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'S3Error';
    this.status = status;
    this.code = code;
    this.elements = elements;
  }
}

/** Ids that S3 puts on every response and into event records. */
export type RequestIds = {
  /** `x-amz-request-id`: 16 upper-case hex digits. */
  requestId: string;
  /** `x-amz-id-2`: an opaque base64 token. */
  hostId: string;
};

const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Renders the XML body of an S3 error response. */
export function renderErrorXml(error: S3Error, ids: RequestIds): string {
  const elements: ErrorElement[] = [
    ['Code', error.code],
    ['Message', error.message],
    ...error.elements,
    ['RequestId', ids.requestId],
    ['HostId', ids.hostId],
  ];

  return `${xmlDeclaration}<Error>${renderElements(elements)}</Error>`;
}

/** Renders a document with one root element and text children, in order. */
export function renderXmlDocument(
  root: string,
  elements: ErrorElement[],
): string {
  return `${xmlDeclaration}<${root}>${renderElements(elements)}</${root}>`;
}

function renderElements(elements: ErrorElement[]): string {
  return elements
    .map(([name, value]) => `<${name}>${escapeXmlText(value)}</${name}>`)
    .join('');
}

const xmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes the characters that XML text content reserves. Quotes stay as
 * they are, as in S3's bodies (`<ETag>"…"</ETag>`).
 */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (character) => xmlEntities[character]!);
}

/** Decodes the five named entities and numeric character references. */
export function unescapeXml(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g,
    (entity, name: string) => {
      if (name.startsWith('#x')) {
        return String.fromCodePoint(parseInt(name.slice(2), 16));
      }
      if (name.startsWith('#')) {
        return String.fromCodePoint(parseInt(name.slice(1), 10));
      }

      const found = Object.entries(xmlEntities).find(
        ([, escaped]) => escaped === entity,
      );

      return found ? found[0] : entity;
    },
  );
}
