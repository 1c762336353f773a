import { defineRule } from '../define';
import { apiInventory } from '../../apigw/inventory';

export default defineRule({
  id: 'apigw/unreadable-include',
  appliesTo: ['cfn', 'sam'],
  defaultSeverity: 'warning',
  messages: {
    missing: 'The API definition "{{file}}" does not exist, so its methods are not analysed. Fix the path, or add the file.',
    tooLarge: 'The API definition "{{file}}" has {{size}} bytes, more than the limit of {{limit}}, so it was not read and its methods are not analysed. Raise the limit (gatewarden.maxFileSize, --max-file-size) to read it.',
    notAFile: 'The API definition "{{file}}" is a {{type}}, not a regular file, so it was not read and its methods are not analysed. Point it at the definition file itself.',
    outsideWorkspace: 'The API definition "{{file}}" lies outside the workspace folder (or repository), so Gatewarden does not read it and its methods are not analysed. Keep API definitions inside the repository.',
    unreadable: 'The API definition "{{file}}" could not be read ({{code}}), so its methods are not analysed.',
  },
  docs: { summary: 'Report API definitions a template includes from local files that could not be read safely, whose methods therefore go unanalysed.' },
  check(ctx) {
    const reads = ctx.includeReads;
    if (!reads || reads.size === 0) {
      // The shell read no includes (the core alone, or a shell that does not follow them).
      return;
    }
    for (const ref of apiInventory(ctx.doc).includeRefs) {
      const read = reads.get(ref.file);
      const at = { root: ref.root, path: ref.path };
      switch (read?.kind) {
        case undefined:
        case 'ok':
          break;
        case 'too-large':
          ctx.report({ ...at, messageId: 'tooLarge', data: { file: ref.file, size: read.size, limit: read.limit } });
          break;
        case 'not-a-file':
          ctx.report({ ...at, messageId: 'notAFile', data: { file: ref.file, type: read.type } });
          break;
        case 'outside-workspace':
          ctx.report({ ...at, messageId: 'outsideWorkspace', data: { file: ref.file } });
          break;
        case 'unreadable':
          ctx.report({ ...at, messageId: read.code === 'ENOENT' ? 'missing' : 'unreadable', data: { file: ref.file, code: read.code } });
          break;
      }
    }
  },
});
