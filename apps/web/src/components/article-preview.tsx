import { Link } from "react-router";
import type { ArticlePreview as Preview } from "../trpc.ts";
import { FavoriteButton } from "./favorite-button.tsx";

export function ArticlePreview({ article }: { article: Preview }) {
  return (
    <article className="article-preview">
      <div className="article-meta">
        <Link to={`/profile/${article.author.username}`} className="author">
          {article.author.username}
        </Link>
        <time dateTime={article.createdAt}>{new Date(article.createdAt).toDateString()}</time>
        <FavoriteButton article={article} compact />
      </div>
      <Link to={`/article/${article.slug}`} className="preview-link">
        <h2>{article.title}</h2>
        <p>{article.description}</p>
      </Link>
      <ul className="tag-list">
        {article.tagList.map((tag) => (
          <li key={tag}>
            <Link to={`/?tag=${encodeURIComponent(tag)}`} className="tag">
              {tag}
            </Link>
          </li>
        ))}
      </ul>
    </article>
  );
}
