import { defineRule } from '../define';
import { getProperty, scalarText } from '../../model/node';
import { templateModel, resourcesOfType } from '../../template/model';
import { resolveString } from '../../template/resolve';
import { parseExecuteApiArn } from '../../apigw/arn';

export default defineRule({
  id: 'apigw/lambda-permission-source-arn',
  appliesTo: ['cfn', 'sam'],
  defaultSeverity: 'warning',
  messages: {
    missing: 'This permission lets API Gateway invoke the function with no SourceArn, so any API in any account can invoke it. Add SourceArn with the execute-api ARN of your API.',
    wideApi: 'SourceArn "{{arn}}" matches every API ("*" in the API-id part), so any API Gateway API can invoke the function. Name your API\'s id, for example with ${MyApi}.',
  },
  docs: { summary: 'Require a Lambda permission for API Gateway to name the API that may invoke the function in SourceArn.' },
  check(ctx) {
    ctx.doc.roots.forEach((root, rootIndex) => {
      const kind = ctx.doc.kinds[rootIndex];
      if (kind !== 'cfn' && kind !== 'sam') {
        return;
      }
      const model = templateModel(root);
      for (const permission of resourcesOfType(model, 'AWS::Lambda::Permission')) {
        const principal = resolveString(getProperty(permission.properties, 'Principal'), model)[0]?.text;
        if (principal !== 'apigateway.amazonaws.com') {
          continue;
        }
        const sourceArn = getProperty(permission.properties, 'SourceArn');
        if (!sourceArn) {
          ctx.report({ root: rootIndex, path: [...permission.path, 'Properties', 'Principal'], messageId: 'missing' });
          continue;
        }
        for (const value of resolveString(sourceArn, model)) {
          const arn = parseExecuteApiArn(value.text);
          if (arn && !arn.shorthand && (arn.apiId === '*' || arn.apiId === '' || (arn.apiId ?? '').startsWith('*'))) {
            ctx.report({ root: rootIndex, path: [...permission.path, 'Properties', 'SourceArn'], messageId: 'wideApi', data: { arn: scalarText(sourceArn) ?? value.text } });
            break;
          }
        }
      }
    });
  },
});
