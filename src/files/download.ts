/**
 * Starts a browser download of a presigned GET. S3 sends the file with
 * `Content-Disposition: attachment` and the original name, so the browser
 * saves it instead of leaving the page; the `download` attribute alone
 * would be ignored for another origin.
 */
export function saveFromUrl(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}
