import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Navigate, useNavigate, useParams } from "react-router";
import { useTRPC } from "../trpc.ts";
import { useCurrentUser } from "../lib/use-current-user.ts";
import { fieldErrorsOf } from "../lib/field-errors.ts";
import { FieldMessages } from "../components/field-errors.tsx";
import { useInputCheck } from "../lib/use-input-check.ts";
import { ErrorState, Loading } from "../components/states.tsx";

export function EditorPage() {
  const { slug } = useParams();
  const trpc = useTRPC();
  const { user, isLoading: userLoading } = useCurrentUser();
  const existing = useQuery({ ...trpc.articles.get.queryOptions({ slug: slug ?? "" }), enabled: Boolean(slug) });

  if (userLoading || (slug && existing.isLoading)) return <Loading what="the editor" />;
  if (!user) return <Navigate to="/login" replace />;
  if (slug && existing.isError) return <ErrorState error={existing.error} />;
  // Only the author edits an article; the server refuses anyone else too.
  if (slug && existing.data && existing.data.author.username !== user.username) return <Navigate to={`/article/${slug}`} replace />;
  const initial = existing.data
    ? {
        title: existing.data.title,
        description: existing.data.description,
        body: existing.data.body,
        tags: existing.data.tagList.join(" "),
      }
    : { title: "", description: "", body: "", tags: "" };
  // Keyed by article: the form starts from the article it edits, without an effect copying it in.
  return <ArticleForm key={slug ?? "new"} slug={slug} initial={initial} />;
}

function ArticleForm({
  slug,
  initial,
}: {
  slug: string | undefined;
  initial: { title: string; description: string; body: string; tags: string };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState(initial);
  const create = useMutation(trpc.articles.create.mutationOptions());
  const update = useMutation(trpc.articles.update.mutationOptions());
  const check = useInputCheck();
  const errors = check.errors ?? fieldErrorsOf(slug ? update.error : create.error);

  const publish = async (event: React.FormEvent) => {
    event.preventDefault();
    const fields = {
      title: form.title,
      description: form.description,
      body: form.body,
      tagList: form.tags.split(/[\s,]+/).filter(Boolean),
    };
    if (
      !(await (slug ? check.passes((v) => v.updateArticleInput, { slug, ...fields }) : check.passes((v) => v.createArticleInput, fields)))
    )
      return;
    try {
      const article = slug ? await update.mutateAsync({ slug, ...fields }) : await create.mutateAsync(fields);
      queryClient.setQueryData(trpc.articles.get.queryKey({ slug: article.slug }), article);
      await queryClient.invalidateQueries({ queryKey: trpc.articles.list.pathKey() });
      await queryClient.invalidateQueries({ queryKey: trpc.tags.list.pathKey() });
      await navigate(`/article/${article.slug}`);
    } catch {
      // shown from the mutation's error
    }
  };
  const field = (name: keyof typeof form, label: string, multiline = false) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {multiline ? (
        <textarea
          id={name}
          rows={8}
          value={form[name]}
          aria-invalid={Boolean(errors[name])}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      ) : (
        <input
          id={name}
          value={form[name]}
          aria-invalid={Boolean(errors[name === "tags" ? "tagList" : name])}
          onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        />
      )}
      <FieldMessages errors={errors} field={name === "tags" ? "tagList" : name} />
    </div>
  );
  return (
    <div className="editor-page narrow">
      <h1>{slug ? "Edit article" : "New article"}</h1>
      <FieldMessages errors={errors} field="form" />
      <form onSubmit={(e) => void publish(e)} onFocus={check.prepare} noValidate>
        {field("title", "Article Title")}
        {field("description", "What's this article about?")}
        {field("body", "Write your article (in markdown)", true)}
        {field("tags", "Tags (separated by spaces)")}
        <button type="submit" className="btn btn-primary" disabled={create.isPending || update.isPending}>
          Publish Article
        </button>
      </form>
    </div>
  );
}
