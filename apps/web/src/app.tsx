import { Route, Routes } from "react-router";
import { Header } from "./components/header.tsx";
import { HomePage } from "./pages/home.tsx";
import { AuthPage } from "./pages/auth-form.tsx";
import { SettingsPage } from "./pages/settings.tsx";
import { EditorPage } from "./pages/editor.tsx";
import { ArticlePage } from "./pages/article.tsx";
import { ProfilePage } from "./pages/profile.tsx";

export function App() {
  return (
    <>
      <Header />
      <div className="container">
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
          <Route path="*" element={<p className="state">This page does not exist.</p>} />
        </Routes>
      </div>
      <footer className="footer">conduit · a typed full-stack backend</footer>
    </>
  );
}
