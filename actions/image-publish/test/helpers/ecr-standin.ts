// A stand-in for the Amazon ECR API (a SaaS that cannot run here), speaking AWS JSON 1.1 as documented:
// POST / with `X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken`, a SigV4
// `Authorization` scoped to `<region>/ecr/aws4_request`; success `{authorizationData: [{authorizationToken,
// expiresAt, proxyEndpoint}]}`, errors `{"__type": "...", "message": "..."}` with a 4xx status.
import { createServer, type Server } from 'node:http';
import { listenOnLoopback } from '../../../test/helpers/loopback-server.js';

const TARGET = 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken';

/** A documented ECR error to answer with. */
export interface EcrError {
  status: number;
  type: string;
  message: string;
}

export interface EcrRequest {
  target: string | undefined;
  contentType: string | undefined;
  authorization: string;
  body: unknown;
}

export interface EcrStandin {
  url: string;
  requests: EcrRequest[];
  /** Answer with this token (base64 of `AWS:<password>`) or this error. */
  respond(answer: { token: string } | { error: EcrError }): void;
  close(): Promise<void>;
}

export async function startEcrStandin(accountId: string, region: string): Promise<EcrStandin> {
  let answer: { token: string } | { error: EcrError } = { token: '' };
  const requests: EcrRequest[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const request: EcrRequest = {
        target: req.headers['x-amz-target'] as string | undefined,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization ?? '',
        body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(request);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || request.target !== TARGET) {
        send(400, { __type: 'UnknownOperationException', message: `Unknown operation ${request.target}` });
      } else if (
        !new RegExp(`^AWS4-HMAC-SHA256 Credential=\\w+/\\d{8}/${region}/ecr/aws4_request`).test(
          request.authorization,
        )
      ) {
        send(403, {
          __type: 'InvalidSignatureException',
          message: 'The request signature we calculated does not match.',
        });
      } else if ('error' in answer) {
        send(answer.error.status, { __type: answer.error.type, message: answer.error.message });
      } else {
        send(200, {
          authorizationData: [
            {
              authorizationToken: answer.token,
              expiresAt: Math.floor(Date.now() / 1000) + 12 * 3600,
              proxyEndpoint: `https://${accountId}.dkr.ecr.${region}.amazonaws.com`,
            },
          ],
        });
      }
    });
  });
  const { url, close } = await listenOnLoopback(server);
  return {
    url,
    requests,
    respond: (next) => {
      answer = next;
    },
    close,
  };
}
