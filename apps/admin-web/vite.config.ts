import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the server at /admin/; `npm run dev` proxies the API and sockets to it.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/socket.io': { target: 'ws://localhost:8080', ws: true },
    },
  },
});
