import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { Header } from "./components/header.tsx";
import { UnverifiedBanner } from "./components/unverified-banner.tsx";
import { Loading } from "./components/states.tsx";
import { HomePage } from "./pages/home.tsx";
import { ArticlePage } from "./pages/article.tsx";

// The home page and the article page (2 KB gzip, and where links from outside land) ship in the
// first bundle, so their data is asked for in the first render; every other page (and the
// Markdown renderer) loads when it is first visited.
const AuthPage = lazy(() => import("./pages/auth-form.tsx").then((m) => ({ default: m.AuthPage })));
const SettingsPage = lazy(() => import("./pages/settings.tsx").then((m) => ({ default: m.SettingsPage })));
const EditorPage = lazy(() => import("./pages/editor.tsx").then((m) => ({ default: m.EditorPage })));
const ProfilePage = lazy(() => import("./pages/profile.tsx").then((m) => ({ default: m.ProfilePage })));
const ModerationPage = lazy(() => import("./pages/moderation.tsx").then((m) => ({ default: m.ModerationPage })));
const VerifyEmailPage = lazy(() => import("./pages/verify-email.tsx").then((m) => ({ default: m.VerifyEmailPage })));
const ForgotPasswordPage = lazy(() => import("./pages/forgot-password.tsx").then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => import("./pages/reset-password.tsx").then((m) => ({ default: m.ResetPasswordPage })));
const WelcomePage = lazy(() => import("./pages/welcome.tsx").then((m) => ({ default: m.WelcomePage })));
const AuditPage = lazy(() => import("./pages/audit.tsx").then((m) => ({ default: m.AuditPage })));

export function App() {
  return (
    <>
      <Header />
      <UnverifiedBanner />
      <main className="container">
        <Suspense fallback={<Loading what="page" />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/login" element={<AuthPage mode="login" />} />
            <Route path="/register" element={<AuthPage mode="register" />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/editor" element={<EditorPage />} />
            <Route path="/editor/:slug" element={<EditorPage />} />
            <Route path="/article/:slug" element={<ArticlePage />} />
            <Route path="/profile/:username" element={<ProfilePage tab="articles" />} />
            <Route path="/profile/:username/favorites" element={<ProfilePage tab="favorites" />} />
            <Route path="/verify-email" element={<VerifyEmailPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route path="/welcome" element={<WelcomePage />} />
            <Route path="/moderation" element={<ModerationPage />} />
            <Route path="/audit" element={<AuditPage />} />
            <Route path="*" element={<p className="state">This page does not exist.</p>} />
          </Routes>
        </Suspense>
      </main>
      <footer className="footer">conduit · a typed full-stack backend</footer>
    </>
  );
}
