import { useQuery } from "@tanstack/react-query";
import { NavLink, useParams, useSearchParams } from "react-router";
import { useTRPC } from "../trpc.ts";
import { ArticleList, pageSize } from "../components/article-list.tsx";
import { FollowButton } from "../components/follow-button.tsx";
import { ErrorState, Loading } from "../components/states.tsx";
import { ProfileRoles } from "../components/profile-roles.tsx";
import { useCurrentUser } from "../lib/use-current-user.ts";

export function ProfilePage({ tab }: { tab: "articles" | "favorites" }) {
  const { username = "" } = useParams();
  const trpc = useTRPC();
  const { can } = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get("page") ?? 0) || 0;
  const profile = useQuery(trpc.profiles.get.queryOptions({ username }));
  const filter = tab === "articles" ? { author: username } : { favorited: username };
  const articles = useQuery(trpc.articles.list.queryOptions({ ...filter, limit: pageSize, offset: page * pageSize }));
  if (profile.isLoading) return <Loading what="the profile" />;
  if (profile.isError) return <ErrorState error={profile.error} />;
  const data = profile.data!;
  return (
    <div className="profile-page">
      <div className="banner">
        {data.image && <img src={data.image} alt="" className="avatar" />}
        <h1>{data.username}</h1>
        {data.bio && <p>{data.bio}</p>}
        <FollowButton profile={data} />
        {can("grant:role:any") && <ProfileRoles username={data.username} />}
      </div>
      <nav className="feed-toggle" aria-label="Profile articles">
        <NavLink to={`/profile/${username}`} end>
          My Articles
        </NavLink>
        <NavLink to={`/profile/${username}/favorites`}>Favorited Articles</NavLink>
      </nav>
      <ArticleList query={articles} page={page} onPage={(p) => setParams({ page: String(p) })} />
    </div>
  );
}
