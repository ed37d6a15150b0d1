import ReactMarkdown from "react-markdown";

/**
 * Article bodies are user input. react-markdown builds React elements and never injects raw
 * HTML, so `<script>` and `onerror=` come out as text; links are limited to safe protocols.
 */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml urlTransform={(url) => (/^(https?:|mailto:|\/|#)/i.test(url) ? url : "")}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
