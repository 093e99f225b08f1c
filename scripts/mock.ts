/** `npm run mock`: Prism on 127.0.0.1:4010 in the foreground, until Ctrl-C. */
import { startPrism } from "./prism.js";

const port = Number(process.env.PORT ?? 4010);
const prism = await startPrism({ port, inheritOutput: true });
console.log(`
Thulium chat API mock (Prism) on ${prism.url}, from openapi/openapi.yaml. Try:

  curl -i -u api_user:api_pass -X POST ${prism.url}/chat_conversations/6ed7c941-2c8a-411e-95d2-338a9f64800a/stop

Add -H "Prefer: code=404" for a documented error. Ctrl-C stops it.
`);
const stop = async () => {
  await prism.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
prism.process.once("exit", (code) => process.exit(code ?? 1));
